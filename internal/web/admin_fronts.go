package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"masthead/internal/article"
	"masthead/internal/auth"
	"masthead/internal/model"
	"masthead/internal/store"
)

// Fronts curation (permission "manage fronts"): /admin/fronts lists the home
// front and every section front; /admin/fronts/{key} ("home" or
// "section-<id>") orders a front's pinned positions. Pins are stored by
// store.SetFrontSlots; the reader site (fronts.go, curatedList) shows the
// pins readers may see in their positions and fills the rest by recency.

func init() {
	adminGroups = append(adminGroups, func(s *Site, am *http.ServeMux) {
		am.Handle("GET /admin/fronts", s.signedIn(s.adminFronts))
		am.Handle("GET /admin/fronts/{key}", s.signedIn(s.adminFrontEdit))
		am.Handle("POST /admin/fronts/{key}", s.signedIn(s.adminFrontSave))
	})
}

// frontRecentMax is the number of recent stories offered in each position's
// list (any other story can be pinned by its slug).
const frontRecentMax = 60

// frontRef is one front on the fronts list.
type frontRef struct {
	Key, Name, ReaderURL string
	Pinned               int
}

// frontSlotRow is one position of the front editor.
type frontSlotRow struct {
	Pos     int
	Label   string
	Slug    string // the slug field as typed
	Pick    string // the chosen id from the recent list
	Current *model.Article
	Note    string // why a stored pin is not shown to readers now
	Err     string
}

// frontEditPage is the view of admin_front_edit.html.
type frontEditPage struct {
	Key, Name, ReaderURL string
	Rows                 []frontSlotRow
	Recent               []*model.Article
	Errors               []string
	Notice               string
}

// adminFronts lists the home front and every section front
// (GET /admin/fronts).
func (s *Site) adminFronts(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if !auth.Can(auth.Role(u.Role), auth.ManageFronts) {
		return forbidden("Your role cannot manage fronts. Ask an editor.")
	}
	ctx := r.Context()
	secs, err := s.st.Sections(ctx)
	if err != nil {
		return err
	}
	refs := []frontRef{{Key: "home", Name: "Home page", ReaderURL: "/"}}
	for i := range secs {
		refs = append(refs, frontRef{Key: "section-" + itoa(secs[i].ID), Name: secs[i].Name, ReaderURL: sectionPath(&secs[i])})
	}
	for i := range refs {
		key, _, _, _ := s.frontByKey(ctx, refs[i].Key)
		slots, err := s.st.FrontSlots(ctx, key)
		if err != nil {
			return err
		}
		refs[i].Pinned = len(slots)
	}
	return s.renderAdmin(w, http.StatusOK, "admin_fronts", "Fronts", u, refs)
}

// frontByKey resolves a URL key ("home", "section-<id>") to the store's
// front key, a display name, the reader URL and the section (nil for home).
func (s *Site) frontByKey(ctx context.Context, key string) (string, string, string, *model.Section) {
	if key == "home" {
		return store.HomeFront, "Home page", "/", nil
	}
	id, err := idParam(strings.TrimPrefix(key, "section-"))
	if !strings.HasPrefix(key, "section-") || err != nil || id == 0 {
		return "", "", "", nil
	}
	secs, err := s.st.Sections(ctx)
	if err != nil {
		return "", "", "", nil
	}
	for i := range secs {
		if secs[i].ID == id {
			return store.SectionFront(id), secs[i].Name + " section front", sectionPath(&secs[i]), &secs[i]
		}
	}
	return "", "", "", nil
}

// frontPosLabel names a position as readers see it.
func frontPosLabel(home bool, pos int) string {
	if !home {
		return "Position " + strconv.Itoa(pos)
	}
	switch {
	case pos == 1:
		return "Lead"
	case pos <= 5:
		return "Top story " + strconv.Itoa(pos-1)
	case pos <= 8:
		return "Under the lead " + strconv.Itoa(pos-5)
	}
	return "Latest " + strconv.Itoa(pos-8)
}

// loadFrontPage prepares the editor for a front: rows with the stored pins
// and the list of recent stories to pick from.
func (s *Site) loadFrontPage(r *http.Request, u *store.User) (*frontEditPage, string, *model.Section, error) {
	if !auth.Can(auth.Role(u.Role), auth.ManageFronts) {
		return nil, "", nil, forbidden("Your role cannot manage fronts. Ask an editor.")
	}
	ctx := r.Context()
	urlKey := r.PathValue("key")
	key, name, reader, sec := s.frontByKey(ctx, urlKey)
	if key == "" {
		return nil, "", nil, notFound("There is no such front. Choose one from the list of fronts.")
	}
	p := &frontEditPage{Key: urlKey, Name: name, ReaderURL: reader}
	slots, err := s.st.FrontSlots(ctx, key)
	if err != nil {
		return nil, "", nil, err
	}
	ids := make([]int64, len(slots))
	for i, fs := range slots {
		ids[i] = fs.ArticleID
	}
	stored, err := s.st.ArticlesByIDs(ctx, ids)
	if err != nil {
		return nil, "", nil, err
	}
	byID := map[int64]*model.Article{}
	for _, a := range stored {
		byID[a.ID] = a
	}
	cur := map[int]*model.Article{}
	for _, fs := range slots {
		cur[fs.Position] = byID[fs.ArticleID]
	}
	now := s.clock()
	for pos := 1; pos <= store.MaxFrontSlots; pos++ {
		row := frontSlotRow{Pos: pos, Label: frontPosLabel(sec == nil, pos), Current: cur[pos]}
		if a := row.Current; a != nil {
			row.Slug = a.Slug
			if !a.VisibleAt(now) {
				row.Note = "Not shown to readers now (" + string(a.Status) + "); this position is filled by the newest story until it is published."
			}
		}
		p.Rows = append(p.Rows, row)
	}
	f := store.ArticleFilter{VisibleAt: now, Limit: frontRecentMax}
	if sec != nil {
		f.SectionID = sec.ID
	}
	if p.Recent, _, err = s.st.ListArticles(ctx, f); err != nil {
		return nil, "", nil, err
	}
	return p, key, sec, nil
}

// adminFrontEdit shows a front's pinned positions (GET /admin/fronts/{key}).
func (s *Site) adminFrontEdit(w http.ResponseWriter, r *http.Request, u *store.User) error {
	p, _, _, err := s.loadFrontPage(r, u)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("saved") == "1" {
		p.Notice = "Saved. The front shows the new order now."
	}
	return s.renderAdmin(w, http.StatusOK, "admin_front_edit", p.Name, u, p)
}

// adminFrontSave replaces a front's pins (POST /admin/fronts/{key}). Each
// position takes a slug (slot_N) or a story from the recent list (pick_N);
// empty means "filled by recency". Unknown slugs, pages and stories pinned
// twice are refused with 422 and the form refilled; nothing changes.
func (s *Site) adminFrontSave(w http.ResponseWriter, r *http.Request, u *store.User) error {
	p, key, _, err := s.loadFrontPage(r, u)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return badRequest("The form could not be read. Please try again.")
	}
	ctx := r.Context()
	var slots []store.FrontSlot
	seen := map[int64]int{}
	for i := range p.Rows {
		row := &p.Rows[i]
		n := strconv.Itoa(row.Pos)
		row.Slug = strings.TrimSpace(r.PostForm.Get("slot_" + n))
		row.Pick = strings.TrimSpace(r.PostForm.Get("pick_" + n))
		a, msg, err := s.resolveFrontPick(ctx, row.Slug, row.Pick)
		if err != nil {
			return err
		}
		if msg == "" && a != nil {
			if prev, dup := seen[a.ID]; dup {
				msg = "“" + a.Headline + "” is already pinned to " + frontPosLabel(p.Key == "home", prev) + "."
			}
		}
		if msg != "" {
			row.Err = msg
			p.Errors = append(p.Errors, row.Label+": "+msg)
			continue
		}
		if a != nil {
			row.Slug, row.Pick = a.Slug, ""
			seen[a.ID] = row.Pos
			slots = append(slots, store.FrontSlot{Position: row.Pos, ArticleID: a.ID})
		}
	}
	if len(p.Errors) > 0 {
		return s.renderAdmin(w, http.StatusUnprocessableEntity, "admin_front_edit", p.Name, u, p)
	}
	if err := s.st.SetFrontSlots(ctx, key, slots); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return &httpError{http.StatusConflict, "One of the stories was deleted while you were editing. Reload the front and try again."}
		}
		return err
	}
	s.log.Info("front curated", "front", key, "pins", len(slots), "by", u.Email)
	http.Redirect(w, r, "/admin/fronts/"+p.Key+"?saved=1", http.StatusSeeOther)
	return nil
}

// resolveFrontPick turns a position's inputs into an article. A story
// chosen from the list wins over the slug field (which the page fills with
// the stored pin); msg explains what is wrong with the input (nil article
// and empty msg: the position is free).
func (s *Site) resolveFrontPick(ctx context.Context, slug, pick string) (*model.Article, string, error) {
	var a *model.Article
	var err error
	switch {
	case pick != "":
		id, perr := idParam(pick)
		if perr != nil {
			return nil, "choose a story from the list.", nil
		}
		if a, err = s.st.ArticleByID(ctx, id); errors.Is(err, store.ErrNotFound) {
			return nil, "that story no longer exists.", nil
		}
	case slug != "":
		// A slug, an old slug (followed through the slug redirects) or a
		// reader URL of the story.
		var clean string
		if a, clean, err = article.ResolveSlug(ctx, s.st, slug); errors.Is(err, store.ErrNotFound) {
			return nil, "no story has the slug “" + clean + "”.", nil
		}
	default:
		return nil, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	if a.Kind != model.KindArticle {
		return nil, "“" + a.Headline + "” is a page, not a story; only stories go on fronts.", nil
	}
	return a, "", nil
}
