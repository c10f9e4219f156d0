// Package demo writes Masthead's demo edition: a day's worth of stories from
// the Harbourton Gazette, a newspaper of a fictional harbour city, with
// sections, authors with head shots, tags, lead photos, an inline READ NEXT /
// READ MORE block or two, editor pins, a correction, an update and an About
// page. `masthead serve` seeds it into an empty database so that a fresh
// install shows a front page that looks like a newspaper's.
//
// All prose is original to this package; every person, business and place
// in it is invented. The pictures are painted by this package's code
// (seeded, so the same on every run) and stored in the database as JPEGs.
package demo

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"masthead/internal/markup"
	"masthead/internal/model"
	"masthead/internal/store"
)

// LongReadSlug is the slug of the demo edition's long read (about 1,500
// words), the article the render benchmarks use.
const LongReadSlug = "harbour-bridge-long-read"

// AboutSlug is the slug of the demo edition's About page.
const AboutSlug = "about"

// picture describes one generated lead photo: which scene to paint in which
// light, and the texts that go with it.
type picture struct {
	scene   string
	variant int
	alt     string
	caption string
	credit  string
}

// story is one demo article or page as written here; Seed turns it into a
// model.Article.
type story struct {
	slug     string
	kind     model.Kind // empty means KindArticle
	section  string     // section slug; empty for pages
	kicker   string
	headline string
	dek      string
	dateline string
	authors  []string // author slugs, in byline order
	tags     []string // tag slugs
	// age is how long before Seed's now the story was published.
	age time.Duration
	// updated, when not 0, is how long after publication it was updated.
	updated time.Duration
	// correction, when not empty, is appended correctionAfter publication.
	correction      string
	correctionAfter time.Duration
	pins            []string // slugs pinned for READ MORE, in order
	photo           picture
	body            string // Markdown
}

// person is a demo author and the look of their head shot.
type person struct {
	slug, name, title, bio, email string
	colour                        string
	style                         headStyle
}

var sections = []model.Section{
	{Slug: "news", Name: "News", Description: "Harbourton and the Wend estuary: the city, its streets, its weather and its people.", Position: 1},
	{Slug: "politics", Name: "Politics", Description: "City Hall, the council chamber and the wards.", Position: 2},
	{Slug: "business", Name: "Business", Description: "The harbour economy, from the fish market to the shipyards.", Position: 3},
	{Slug: "culture", Name: "Culture", Description: "Galleries, music, festivals and the city's stages.", Position: 4},
	{Slug: "sport", Name: "Sport", Description: "Harbourton FC, the rowing clubs and everything in between.", Position: 5},
}

var tags = []model.Tag{
	{Slug: "harbour-bridge", Name: "Harbour Bridge"},
	{Slug: "city-council", Name: "City Council"},
	{Slug: "budget", Name: "City Budget"},
	{Slug: "housing", Name: "Housing"},
	{Slug: "transport", Name: "Transport"},
	{Slug: "waterfront", Name: "Waterfront"},
	{Slug: "small-business", Name: "Small Business"},
	{Slug: "jobs", Name: "Jobs"},
	{Slug: "arts", Name: "Arts"},
	{Slug: "festivals", Name: "Festivals"},
	{Slug: "weather", Name: "Weather"},
	{Slug: "schools", Name: "Schools"},
	{Slug: "saltmarsh", Name: "Saltmarsh"},
	{Slug: "harbourton-fc", Name: "Harbourton FC"},
}

var people = []person{
	{slug: "ines-okafor", name: "Ines Okafor", title: "City Hall Reporter", email: "ines.okafor@gazette.example",
		bio:    "Ines Okafor has covered Harbourton's council chamber for six years, from budget nights to ward by-elections. Before joining the Gazette she reported on planning and courts for the Saltmarsh Courier. She reads every committee paper so that readers don't have to.",
		colour: "#5f7fa8", style: hairCurly},
	{slug: "tobias-wren", name: "Tobias Wren", title: "Business Editor", email: "tobias.wren@gazette.example",
		bio:    "Tobias Wren edits the Gazette's business pages and writes about the harbour economy, from fishing quotas to shipyard order books. He spent a decade as a market trader's bookkeeper before turning to journalism.",
		colour: "#7a9a6a", style: hairShort},
	{slug: "mara-lindqvist", name: "Mara Lindqvist", title: "Harbour and Transport Correspondent", email: "mara.lindqvist@gazette.example",
		bio:    "Mara Lindqvist writes about the harbour, the bridge and how Harbourton gets around, and takes many of the pictures that go with her stories. She has crossed the Wend by every ferry, tram and bridge lane the city has. She lives in North Quay.",
		colour: "#b07a5a", style: hairBun},
	{slug: "priya-castellanos", name: "Priya Castellanos", title: "Arts Critic", email: "priya.castellanos@gazette.example",
		bio:    "Priya Castellanos reviews exhibitions, concerts and theatre for the Gazette. She trained as a violist and still plays in a community string quartet, which she promises never to review.",
		colour: "#8a6aa0", style: hairLong},
	{slug: "dev-harrow", name: "Dev Harrow", title: "Sports Writer", email: "dev.harrow@gazette.example",
		bio:    "Dev Harrow follows Harbourton FC home and away and covers the city's rowing clubs every summer. He has not missed a Wend derby in eleven seasons.",
		colour: "#4f8a8a", style: hairCrop},
}

// allStories lists every demo story and page, in no particular order.
func allStories() []story {
	var all []story
	for _, list := range [][]story{{longRead}, newsStories, politicsStories, businessStories, cultureStories, sportStories, {aboutPage}} {
		all = append(all, list...)
	}
	return all
}

// rendered is one encoded picture.
type rendered struct {
	data          []byte
	sum           string
	width, height int
}

// renderAll paints and encodes every picture of the edition, in parallel on
// GOMAXPROCS workers. Keys are "head:<author slug>" and "lead:<story slug>".
func renderAll(stories []story) (map[string]rendered, error) {
	type job struct {
		key   string
		paint func() *canvas
	}
	var jobs []job
	for _, p := range people {
		jobs = append(jobs, job{"head:" + p.slug, func() *canvas { return headshot(p.slug, hexc(p.colour), p.style) }})
	}
	for _, s := range stories {
		sc, ok := scenes[s.photo.scene]
		if !ok {
			return nil, fmt.Errorf("demo: story %q: unknown scene %q", s.slug, s.photo.scene)
		}
		jobs = append(jobs, job{"lead:" + s.slug, func() *canvas {
			c := newCanvas(leadW, leadH, s.slug)
			sc(c, s.photo.variant)
			return c
		}})
	}
	out := make(map[string]rendered, len(jobs))
	var (
		mu       sync.Mutex
		wg       sync.WaitGroup
		firstErr error
	)
	next := make(chan job)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for j := range next {
				c := j.paint()
				data, sum, err := c.encode()
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				out[j.key] = rendered{data, sum, c.w, c.h}
				mu.Unlock()
			}
		})
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	return out, firstErr
}

// errNotEmpty aborts the seeding transaction when content appeared meanwhile.
var errNotEmpty = errors.New("demo: database is not empty")

// Seed writes the demo edition if the database holds no articles or pages;
// it reports whether it wrote anything. Publication times are spread over the
// three days before now (UTC, newest about two hours before now). All writes
// happen in one transaction: on error nothing is written. The pictures are
// painted before the transaction starts; Seed takes about 0.4 s on a 2-core
// machine (BenchmarkSeed).
func Seed(ctx context.Context, st *store.Store, now time.Time) (bool, error) {
	if n, err := st.CountAll(ctx); err != nil {
		return false, err
	} else if n.Articles+n.Pages > 0 {
		return false, nil
	}
	stories := allStories()
	pics, err := renderAll(stories)
	if err != nil {
		return false, err
	}
	err = st.InTx(ctx, func(tx *store.Store) error {
		if n, err := tx.CountAll(ctx); err != nil {
			return err
		} else if n.Articles+n.Pages > 0 {
			return errNotEmpty
		}
		return write(ctx, tx, stories, pics, now.UTC())
	})
	if errors.Is(err, errNotEmpty) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("demo: seed: %w", err)
	}
	return true, nil
}

// write stores the edition through tx.
func write(ctx context.Context, tx *store.Store, stories []story, pics map[string]rendered, now time.Time) error {
	secs := map[string]int64{}
	for _, sec := range sections {
		if err := tx.UpsertSection(ctx, &sec); err != nil {
			return err
		}
		secs[sec.Slug] = sec.ID
	}
	tagIDs := map[string]model.Tag{}
	for _, t := range tags {
		if err := tx.UpsertTag(ctx, &t); err != nil {
			return err
		}
		tagIDs[t.Slug] = t
	}
	authors := map[string]int64{}
	for _, p := range people {
		pic := pics["head:"+p.slug]
		m := &model.Media{Key: "demo:head-" + p.slug, MIME: "image/jpeg", Width: pic.width, Height: pic.height,
			Checksum: pic.sum, Alt: "Portrait of " + p.name, Caption: p.name + ", " + p.title,
			Credit: "Illustration: Gazette graphics desk", Created: now.Add(-30 * 24 * time.Hour)}
		if err := tx.UpsertMedia(ctx, m, pic.data); err != nil {
			return err
		}
		au := &model.Author{Slug: p.slug, Name: p.name, Title: p.title, Bio: p.bio, Email: p.email, PhotoID: m.ID}
		if err := tx.UpsertAuthor(ctx, au); err != nil {
			return err
		}
		authors[p.slug] = au.ID
	}
	ids := map[string]int64{}
	saved := map[string]*model.Article{}
	for _, s := range stories {
		a, err := build(ctx, tx, s, pics["lead:"+s.slug], now, secs, tagIDs, authors)
		if err != nil {
			return err
		}
		if _, err := tx.SaveArticle(ctx, a); err != nil {
			return err
		}
		if a.Slug != s.slug {
			return fmt.Errorf("demo: slug %q already taken", s.slug)
		}
		ids[s.slug], saved[s.slug] = a.ID, a
	}
	for _, s := range stories {
		a := saved[s.slug]
		if len(s.pins) > 0 {
			for _, p := range s.pins {
				id, ok := ids[p]
				if !ok {
					return fmt.Errorf("demo: %q pins unknown story %q", s.slug, p)
				}
				a.Pins = append(a.Pins, id)
			}
			if _, err := tx.SaveArticle(ctx, a); err != nil {
				return err
			}
		}
		if s.correction != "" {
			c := &model.Correction{ArticleID: a.ID, Body: s.correction, Created: a.PublishedAt.Add(s.correctionAfter)}
			if err := tx.AddCorrection(ctx, c); err != nil {
				return err
			}
		}
	}
	return nil
}

// build turns a story into an article with its lead photo stored.
func build(ctx context.Context, tx *store.Store, s story, pic rendered, now time.Time,
	secs map[string]int64, tagIDs map[string]model.Tag, authors map[string]int64) (*model.Article, error) {
	out, err := markup.Markdown(s.body)
	if err != nil {
		return nil, err
	}
	pub := now.Add(-s.age).Truncate(time.Minute)
	m := &model.Media{Key: "demo:" + s.slug, MIME: "image/jpeg", Width: pic.width, Height: pic.height,
		Checksum: pic.sum, Alt: s.photo.alt, Caption: s.photo.caption, Credit: s.photo.credit, Created: pub}
	if err := tx.UpsertMedia(ctx, m, pic.data); err != nil {
		return nil, err
	}
	a := &model.Article{
		Kind: model.KindArticle, Status: model.StatusPublished, Slug: s.slug,
		Kicker: s.kicker, Headline: s.headline, Dek: s.dek, Dateline: s.dateline,
		LeadMediaID: m.ID, LeadAlt: s.photo.alt, LeadCaption: s.photo.caption, LeadCredit: s.photo.credit,
		BodyFormat: model.FormatMarkdown, BodySource: s.body, BodyHTML: out.HTML, BodyText: out.Text, WordCount: out.WordCount,
		CommentsOpen: true, PublishedAt: pub, Created: pub,
	}
	if s.kind != "" {
		a.Kind = s.kind
	}
	if s.section != "" {
		id, ok := secs[s.section]
		if !ok {
			return nil, fmt.Errorf("demo: %q: unknown section %q", s.slug, s.section)
		}
		a.SectionID = id
	}
	if s.updated > 0 {
		a.UpdatedAt = pub.Add(s.updated)
	}
	for i, slug := range s.authors {
		id, ok := authors[slug]
		if !ok {
			return nil, fmt.Errorf("demo: %q: unknown author %q", s.slug, slug)
		}
		a.Bylines = append(a.Bylines, model.Byline{AuthorID: id, Position: i})
	}
	for _, slug := range s.tags {
		t, ok := tagIDs[slug]
		if !ok {
			return nil, fmt.Errorf("demo: %q: unknown tag %q", s.slug, slug)
		}
		a.Tags = append(a.Tags, t)
	}
	return a, nil
}
