package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"masthead/internal/model"
	"masthead/internal/store"
)

// perPage is the number of stories on a list page.
const perPage = 20

// frontView is what front.html shows.
type frontView struct {
	// Pos numbers the stories of page one in reading order (lead 1, the
	// stories beside and under it, then the section rails): the "front-N"
	// recirculation slot of each link.
	Pos      map[int64]int
	Lead     *model.Article
	Top      []*model.Article // next stories beside the lead
	Under    []*model.Article // stories listed under the lead
	Rails    []rail           // one per section
	Latest   []*model.Article
	Page     pager
	LatestAt time.Time
}

type rail struct {
	Section  model.Section
	Articles []*model.Article
}

// listView is what list.html shows for sections, authors and tags.
type listView struct {
	Kind     string // "section", "author", "tag"
	Heading  string
	Intro    string
	Author   *model.Author
	Articles []*model.Article
	Page     pager
	FeedPath string
	Front    string // curated front key (section fronts); empty for plain lists
}

// pager describes pagination: Page is 1-based.
type pager struct {
	Page, Pages, Total int
	Base               string // path without ?page
}

func (p pager) Prev() string {
	if p.Page <= 1 {
		return ""
	}
	if p.Page == 2 {
		return p.Base
	}
	return p.Base + sep(p.Base) + "page=" + strconv.Itoa(p.Page-1)
}

func (p pager) Next() string {
	if p.Page >= p.Pages {
		return ""
	}
	return p.Base + sep(p.Base) + "page=" + strconv.Itoa(p.Page+1)
}

// pageParam reads ?page=N (1-based); anything else is a 400.
func pageParam(r *http.Request) (int, error) {
	v := r.URL.Query().Get("page")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 100000 {
		return 0, badRequest("The page number must be a whole number from 1.")
	}
	return n, nil
}

func newPager(page, total int, base string) (pager, error) {
	pages := (total + perPage - 1) / perPage
	if pages == 0 {
		pages = 1
	}
	if page > pages {
		return pager{}, notFound("There are no more stories on this list.")
	}
	return pager{Page: page, Pages: pages, Total: total, Base: base}, nil
}

func (s *Site) front(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	now := s.clock()
	page, err := pageParam(r)
	if err != nil {
		return err
	}
	v := &frontView{}
	l := &layout{Title: "", Description: s.cfg.SiteName + ": news, analysis and opinion.", Canonical: s.absURL("/"), Page: v, Current: "home",
		Feeds: s.feedLinks("", s.cfg.SiteName)}
	list, total, err := s.curatedList(ctx, store.HomeFront, store.ArticleFilter{}, page, true)
	if err != nil {
		return err
	}
	if v.Page, err = newPager(page, total, "/"); err != nil {
		return err
	}
	if page > 1 {
		v.Latest = list
		l.Title = "Latest stories, page " + strconv.Itoa(page)
		l.Canonical = s.absURL("/?page=" + strconv.Itoa(page))
		l.Prev, l.Next = v.Page.Prev(), v.Page.Next()
		if err := s.commentCounts(ctx, list); err != nil {
			return err
		}
		w.Header().Set(cacheTTLHeader, "60") // comment counts
		return s.render(w, r, http.StatusOK, "front", l, 60, latest(list))
	}
	l.Next = v.Page.Next()
	// curatedList put the lead first: pinned to position 1, or else the
	// newest story with a photo. The rest follow in their positions.
	var rest []*model.Article
	if len(list) > 0 {
		v.Lead, rest = list[0], list[1:]
	}
	n := min(4, len(rest))
	v.Top, rest = rest[:n], rest[n:]
	n = min(3, len(rest))
	v.Under, v.Latest = rest[:n], rest[n:]
	secs, err := s.st.SectionsInUse(ctx, now)
	if err != nil {
		return err
	}
	// Section rails skip the stories already shown at the top of the front.
	shown := []int64{}
	if v.Lead != nil {
		shown = append(shown, v.Lead.ID)
	}
	for _, a := range append(append([]*model.Article{}, v.Top...), v.Under...) {
		shown = append(shown, a.ID)
	}
	for _, sec := range secs {
		arts, _, err := s.st.ListArticles(ctx, store.ArticleFilter{VisibleAt: now, SectionID: sec.ID, Limit: 4, ExcludeIDs: shown})
		if err != nil {
			return err
		}
		if len(arts) > 0 {
			v.Rails = append(v.Rails, rail{Section: sec, Articles: arts})
		}
	}
	v.Pos = map[int64]int{}
	number := func(list ...*model.Article) {
		for _, a := range list {
			if _, ok := v.Pos[a.ID]; !ok {
				v.Pos[a.ID] = len(v.Pos) + 1
			}
		}
	}
	if v.Lead != nil {
		number(v.Lead)
	}
	number(v.Top...)
	number(v.Under...)
	for _, rl := range v.Rails {
		number(rl.Articles...)
	}
	all := append(append(append([]*model.Article{}, v.Top...), v.Under...), v.Latest...)
	if v.Lead != nil {
		all = append(all, v.Lead)
	}
	for _, rl := range v.Rails {
		all = append(all, rl.Articles...)
	}
	if err := s.commentCounts(ctx, all); err != nil {
		return err
	}
	w.Header().Set(cacheTTLHeader, "60") // comment counts
	lm := latest(list)
	return s.render(w, r, http.StatusOK, "front", l, 30, lm)
}

func latest(list []*model.Article) time.Time {
	var t time.Time
	for _, a := range list {
		if a.Modified.After(t) {
			t = a.Modified
		}
	}
	return t
}

// listPage renders a paginated list of stories for a section, author or tag.
func (s *Site) listPage(w http.ResponseWriter, r *http.Request, v *listView, f store.ArticleFilter, l *layout) error {
	page, err := pageParam(r)
	if err != nil {
		return err
	}
	var list []*model.Article
	var total int
	if v.Front != "" {
		list, total, err = s.curatedList(r.Context(), v.Front, f, page, false)
	} else {
		f.VisibleAt, f.Limit, f.Offset = s.clock(), perPage, (page-1)*perPage
		list, total, err = s.st.ListArticles(r.Context(), f)
	}
	if err != nil {
		return err
	}
	if v.Page, err = newPager(page, total, v.Page.Base); err != nil {
		return err
	}
	v.Articles = list
	l.Page = v
	l.Canonical = s.absURL(v.Page.Base)
	if page > 1 {
		l.Canonical += "?page=" + strconv.Itoa(page)
		l.Title += ", page " + strconv.Itoa(page)
	}
	l.Prev, l.Next = v.Page.Prev(), v.Page.Next()
	if err := s.commentCounts(r.Context(), list); err != nil {
		return err
	}
	w.Header().Set(cacheTTLHeader, "60") // comment counts
	return s.render(w, r, http.StatusOK, "list", l, 60, latest(list))
}

func (s *Site) sectionFront(w http.ResponseWriter, r *http.Request) error {
	sec, err := s.st.SectionBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return storeErr(err, "We could not find that section.")
	}
	p := sectionPath(sec)
	v := &listView{Kind: "section", Heading: sec.Name, Intro: sec.Description, Page: pager{Base: p}, FeedPath: p + "/rss.xml"}
	l := &layout{Title: sec.Name, Description: firstNonEmpty(sec.Description, sec.Name+" news from "+s.cfg.SiteName+"."),
		Current: sec.Slug, Feeds: s.feedLinks(p, sec.Name+" — "+s.cfg.SiteName), TrackSection: sec.ID}
	v.Front = store.SectionFront(sec.ID)
	return s.listPage(w, r, v, store.ArticleFilter{SectionID: sec.ID}, l)
}

func (s *Site) authorPage(w http.ResponseWriter, r *http.Request) error {
	au, err := s.st.AuthorBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return storeErr(err, "We could not find that author.")
	}
	p := authorPath(au)
	v := &listView{Kind: "author", Heading: au.Name, Intro: au.Bio, Author: au, Page: pager{Base: p}, FeedPath: p + "/rss.xml"}
	l := &layout{Title: au.Name, Description: firstNonEmpty(au.Bio, "Stories by "+au.Name+"."),
		Feeds: s.feedLinks(p, au.Name+" — "+s.cfg.SiteName)}
	return s.listPage(w, r, v, store.ArticleFilter{AuthorID: au.ID}, l)
}

func (s *Site) tagPage(w http.ResponseWriter, r *http.Request) error {
	t, err := s.st.TagBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return storeErr(err, "We could not find that topic.")
	}
	p := tagPath(t)
	v := &listView{Kind: "tag", Heading: t.Name, Page: pager{Base: p}, FeedPath: p + "/rss.xml"}
	l := &layout{Title: t.Name, Description: "Stories about " + t.Name + " from " + s.cfg.SiteName + ".",
		Feeds: s.feedLinks(p, t.Name+" — "+s.cfg.SiteName)}
	return s.listPage(w, r, v, store.ArticleFilter{TagID: t.ID}, l)
}

func (s *Site) feedLinks(prefix, title string) []feedLink {
	return []feedLink{
		{"application/rss+xml", title + " (RSS)", prefix + "/rss.xml"},
		{"application/atom+xml", title + " (Atom)", prefix + "/atom.xml"},
		{"application/feed+json", title + " (JSON Feed)", prefix + "/feed.json"},
	}
}

func sep(base string) string {
	for i := 0; i < len(base); i++ {
		if base[i] == '?' {
			return "&"
		}
	}
	return "?"
}

// curatedList returns page page (1-based) of front: the stories matching f
// that readers can see now, with the editors' pins (store.FrontPins, which
// leaves out anything readers may not see) in their positions on the first
// page and the free positions filled by recency. Pinned stories are excluded
// from the recency fill on every page, so no story shows twice and none is
// skipped between pages. With leadPhoto, an unpinned position 1 takes the
// newest story with a photo. total counts pinned and unpinned stories.
func (s *Site) curatedList(ctx context.Context, front string, f store.ArticleFilter, page int, leadPhoto bool) ([]*model.Article, int, error) {
	now := s.clock()
	pins, err := s.st.FrontPins(ctx, front, now)
	if err != nil {
		return nil, 0, err
	}
	for _, a := range pins {
		f.ExcludeIDs = append(f.ExcludeIDs, a.ID)
	}
	np := len(pins)
	f.VisibleAt, f.Limit, f.Offset = now, perPage-np, 0
	if page > 1 {
		f.Limit, f.Offset = perPage, (page-1)*perPage-np
	}
	rest, total, err := s.st.ListArticles(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	total += np
	if page > 1 {
		return rest, total, nil
	}
	return arrangeFront(pins, rest, leadPhoto), total, nil
}

// arrangeFront lays out the first page of a front: position p holds
// pins[p] when pinned, else the next story of rest (newest first). Pins
// beyond the stories available close up. With leadPhoto and position 1 free,
// the lead is the newest story of rest with a photo (or the newest one).
func arrangeFront(pins map[int]*model.Article, rest []*model.Article, leadPhoto bool) []*model.Article {
	rest = append([]*model.Article(nil), rest...)
	out := make([]*model.Article, 0, len(pins)+len(rest))
	left := len(pins)
	for pos := 1; left > 0 || len(rest) > 0; pos++ {
		if a := pins[pos]; a != nil {
			out = append(out, a)
			left--
			continue
		}
		if len(rest) == 0 {
			continue
		}
		i := 0
		if pos == 1 && leadPhoto {
			for j, a := range rest {
				if a.LeadMedia != nil {
					i = j
					break
				}
			}
		}
		out = append(out, rest[i])
		rest = append(rest[:i], rest[i+1:]...)
	}
	return out
}

// listItem is a story in a list (partial "item") with its recirculation
// slot ("" for none).
type listItem struct {
	A    *model.Article
	Slot string
}

// newListItem makes the i-th (from 0) story of a list; kind is its slot
// kind (model.SlotLatest, model.SlotSection; "" for lists without slots).
// Positions beyond 99 carry no slot (slots number 1–99).
func newListItem(a *model.Article, kind string, i int) listItem {
	if kind == "" || i >= 99 {
		return listItem{A: a}
	}
	return listItem{A: a, Slot: kind + "-" + strconv.Itoa(i+1)}
}

// frontCard is a story card with its front position (0: none).
type frontCard struct {
	A   *model.Article
	Pos int
}
