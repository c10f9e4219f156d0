package history

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"masthead/internal/analytics"
	"masthead/internal/model"
	"masthead/internal/sitepath"
	"masthead/internal/store"
)

// ReplayOptions configure Replay.
type ReplayOptions struct {
	// SiteHost is the site's host name (from --base-url): referrers from it
	// are internal, and it is the "site" of visitor ids.
	SiteHost string
	// MaxBadLines is how many malformed lines are tolerated (reported and
	// skipped); one more aborts the replay with nothing written. Negative:
	// no limit.
	MaxBadLines int
	// Now decides which articles are visible (published, not embargoed).
	Now time.Time
	// Progress, when set, is called now and then with the bytes read so
	// far over both passes (the log is read twice: up to twice its size)
	// and the lines of the current pass.
	Progress func(bytes int64, lines int)
	// Chunk is the pageviews stored per transaction (DefaultReplayChunk
	// when 0).
	Chunk int
}

// DefaultMaxBadLines is the default of ReplayOptions.MaxBadLines.
const DefaultMaxBadLines = 100

// ReplaySummary is what a replay found and did.
type ReplaySummary struct {
	Lines    int // lines read (blank lines not counted)
	Requests int // well-formed lines
	// BadLines are the malformed lines (the first 10 kept in Bad).
	BadLines int
	Bad      []*LineError
	// NotPageview counts requests that are not a page being shown (not
	// GET, or status other than 200 and 304); NotArticle requests for
	// anything but a visible article (assets, fronts, unknown paths).
	NotPageview, NotArticle int
	// Rejected counts article hits refused by the collector's rules, by
	// reason (crawler, bot-user-agent, headless, no-user-agent, referrer-spam).
	Rejected map[analytics.Reason]int
	// NoUserAgent counts common-format article hits: the log has no user
	// agent, so bots could not be told apart and the hits were counted.
	NoUserAgent int
	// Pageviews are the article pageviews found; Stored of them were new,
	// AlreadyReplayed had been replayed before (same line, same position
	// among identical lines).
	Pageviews, Stored, AlreadyReplayed int
	// Visitors are distinct visitors per UTC day, summed; Articles the
	// distinct articles read.
	Visitors, Articles int
	// First and Last are the times of the first and last pageview (UTC).
	First, Last time.Time
}

// ErrTooManyBadLines is wrapped by Replay when more than MaxBadLines lines
// are malformed.
var ErrTooManyBadLines = errors.New("too many malformed lines")

// DefaultReplayChunk is the pageviews Replay stores per transaction when
// ReplayOptions.Chunk is 0.
const DefaultReplayChunk = 5000

// Identical lines are numbered by their fingerprints (SHA-256). Up to
// replayFingerprints are kept; beyond that, those of lines more than
// replayWindow (in log time) behind the latest are forgotten. Identical
// lines share their time stamp, so in a log they are never further apart
// than its disorder (nginx writes a request when it ends, stamped with its
// start), which is seconds, not minutes.
const (
	replayFingerprints = 100000
	replayWindow       = 10 * time.Minute
)

// Replay reads a web server access log (common or combined format, see
// LogReader) and stores its article pageviews as analytics events, the way
// the collector would have: only GET requests answered 200 (or 304, the
// browser showing its cached copy) for paths that resolve to an article
// readers can see now — /articles/{slug}, an old slug, or an old WordPress
// permalink, as the site redirects them; bots are rejected with the
// collector's user-agent rules (analytics.Enricher.RejectUserAgent) and
// referrer-spam list; visitors are the same keyed hash of (daily salt, IP,
// user agent, site) with a random salt per UTC day of the log, kept only in
// memory during the replay; sessions end after 30 minutes without a hit.
// Source, campaign, browser, OS and device come from the referrer, UTM
// parameters (normalised as the collector does, analytics.NormalizeUTM)
// and user agent. Access logs carry no engaged time or scroll depth.
//
// The log is read twice. The first pass only parses it: more than
// MaxBadLines malformed lines stop the replay with nothing written. The
// second pass streams: pageviews are stored in transactions of Chunk
// events as they are found, so memory does not grow with the log (what is
// kept: sessions of the last 30 minutes, fingerprints of recent lines, the
// visitor ids of the last two days for the summary, one salt per day).
// Each line is keyed by the SHA-256 of its text and its occurrence number
// among identical lines, stored with the events (analytics_replayed), so
// replaying the same file again — after a failure part way, or a later
// file overlapping it — stores nothing twice. Rolling the new events up is
// left to the caller (Roller.CatchUp).
//
// Errors: a read error; ErrNotAccessLog (wrapped) for a compressed or
// binary file, or one in which no line is a request in LogFormats, however
// few its lines; ErrTooManyBadLines (wrapped, naming the first bad line);
// with either nothing is written; the store's errors (the chunks before the
// failing one stay stored; replaying again completes the rest).
func Replay(ctx context.Context, st *store.Store, enr *analytics.Enricher, r io.ReadSeeker, opt ReplayOptions) (*ReplaySummary, error) {
	sum := &ReplaySummary{Rejected: map[analytics.Reason]int{}}
	// Pass 1: the malformed lines, before anything is written.
	br := bufio.NewReaderSize(r, 64<<10)
	if err := sniffLog(br); err != nil {
		return sum, err
	}
	lr := NewLogReader(br)
	lines, requests, lastProgress := 0, 0, 0
	for {
		_, err := lr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var le *LineError
		if errors.As(err, &le) {
			sum.BadLines++
			if len(sum.Bad) < 10 {
				sum.Bad = append(sum.Bad, le)
			}
			if opt.MaxBadLines >= 0 && sum.BadLines > opt.MaxBadLines {
				sum.Lines = lines + 1
				if requests == 0 {
					return sum, noRequests(sum.Bad[0])
				}
				return sum, fmt.Errorf("%w: more than %d (first: %v); nothing was written", ErrTooManyBadLines, opt.MaxBadLines, sum.Bad[0])
			}
		} else if err != nil {
			return sum, err
		} else {
			requests++
		}
		lines++
		if opt.Progress != nil && lines-lastProgress >= 1000 {
			lastProgress = lines
			opt.Progress(lr.Bytes, lines)
			if err := ctx.Err(); err != nil {
				return sum, err
			}
		}
	}
	if requests == 0 && sum.BadLines > 0 {
		return sum, noRequests(sum.Bad[0])
	}
	firstPass := lr.Bytes
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return sum, err
	}
	// Pass 2: the pageviews, stored chunk by chunk.
	chunk := opt.Chunk
	if chunk <= 0 {
		chunk = DefaultReplayChunk
	}
	lr = NewLogReader(r)
	res := &resolver{st: st, now: opt.Now, cache: map[string]*model.Article{}}
	salts := map[int64][]byte{}
	salt := func(day int64) []byte {
		if s, ok := salts[day]; ok {
			return s
		}
		s := make([]byte, analytics.SaltBytes)
		rand.Read(s)
		salts[day] = s
		return s
	}
	sessions := analytics.NewSessions(analytics.SessionTimeout)
	type seenLine struct {
		n    int
		last time.Time
	}
	occurrences := map[[sha256.Size]byte]*seenLine{}
	visitors := map[int64]map[string]bool{} // UTC day → visitor ids (recent days)
	articles := map[int64]bool{}
	var latest time.Time // the latest line time seen
	items := make([]store.ReplayedEvent, 0, chunk)
	sum.BadLines, sum.Bad = 0, sum.Bad[:0]
	flush := func() error {
		if len(items) == 0 {
			return nil
		}
		sort.SliceStable(items, func(i, j int) bool { return items[i].Event.Time.Before(items[j].Event.Time) })
		n, err := st.InsertReplayed(ctx, items)
		if err != nil {
			return err
		}
		sum.Stored += n
		sum.AlreadyReplayed += len(items) - n
		items = items[:0]
		// Forget what the rest of the log cannot need: sessions idle for
		// 30 minutes, fingerprints of lines older than the window, visitors
		// of days two days behind (counted into the summary).
		sessions.Sweep(latest)
		if len(occurrences) > replayFingerprints {
			for h, o := range occurrences {
				if latest.Sub(o.last) > replayWindow {
					delete(occurrences, h)
				}
			}
		}
		for day, vs := range visitors {
			if day < utcDay(latest)-86400 {
				sum.Visitors += len(vs)
				delete(visitors, day)
			}
		}
		return ctx.Err()
	}
	lastProgress = 0
	for {
		l, err := lr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var le *LineError
		if errors.As(err, &le) {
			sum.Lines++
			sum.BadLines++
			if len(sum.Bad) < 10 {
				sum.Bad = append(sum.Bad, le)
			}
			continue
		}
		if err != nil {
			return sum, err
		}
		sum.Lines++
		sum.Requests++
		if opt.Progress != nil && sum.Lines-lastProgress >= 1000 {
			lastProgress = sum.Lines
			opt.Progress(firstPass+lr.Bytes, sum.Lines)
		}
		if l.Time.After(latest) {
			latest = l.Time
		}
		if l.Method != "GET" || (l.Status != 200 && l.Status != 304) {
			sum.NotPageview++
			continue
		}
		u, err := url.ParseRequestURI(l.Target)
		if err != nil {
			sum.NotArticle++
			continue
		}
		a, err := res.article(ctx, u.Path)
		if err != nil {
			return sum, err
		}
		if a == nil {
			sum.NotArticle++
			continue
		}
		if l.Combined {
			if reason := enr.RejectUserAgent(l.UserAgent); reason != analytics.ReasonNone {
				sum.Rejected[reason]++
				continue
			}
			if h := analytics.ReferrerHost(l.Referrer); h != "" && enr.IsSpamReferrer(h) {
				sum.Rejected[analytics.ReasonReferrerSpam]++
				continue
			}
		} else {
			sum.NoUserAgent++
		}
		day := utcDay(l.Time)
		visitor := analytics.VisitorID(salt(day), opt.SiteHost, l.Host, l.UserAgent)
		previous := ""
		if s, ok := salts[day-86400]; ok {
			previous = analytics.VisitorID(s, opt.SiteHost, l.Host, l.UserAgent)
		}
		visitor, session := sessions.Resolve(visitor, previous, l.Time)
		q := u.Query()
		utm := analytics.UTM{Source: analytics.NormalizeUTM(q.Get("utm_source")), Medium: analytics.NormalizeUTM(q.Get("utm_medium")),
			Campaign: analytics.NormalizeUTM(q.Get("utm_campaign"))}
		src := enr.Source(l.Referrer, opt.SiteHost, utm)
		ev := model.Event{Time: l.Time, Kind: model.EventPageview, ArticleID: a.ID, SectionID: a.SectionID, Path: sitepath.Article(a),
			VisitorID: visitor, SessionID: session, SourceClass: src.Class, SourceName: src.Name, ReferrerHost: src.Host,
			UTMSource: utm.Source, UTMMedium: utm.Medium, UTMCampaign: utm.Campaign, Device: model.DeviceOther}
		if l.Combined {
			ua := enr.UserAgent(l.UserAgent)
			ev.Browser, ev.OS, ev.Device = ua.Browser, ua.OS, ua.Device
		}
		h := sha256.Sum256([]byte(l.Raw))
		o := occurrences[h]
		if o == nil {
			o = &seenLine{}
			occurrences[h] = o
		}
		o.n++
		o.last = latest
		key := sha256.Sum256([]byte(l.Raw + "\x00" + strconv.Itoa(o.n)))
		items = append(items, store.ReplayedEvent{Key: hex.EncodeToString(key[:]), Event: ev})
		sum.Pageviews++
		if visitors[day] == nil {
			visitors[day] = map[string]bool{}
		}
		visitors[day][visitor] = true
		articles[a.ID] = true
		if sum.First.IsZero() || l.Time.Before(sum.First) {
			sum.First = l.Time
		}
		if l.Time.After(sum.Last) {
			sum.Last = l.Time
		}
		if len(items) >= chunk {
			if err := flush(); err != nil {
				return sum, fmt.Errorf("%w (%d pageviews stored before; replaying the file again stores the rest)", err, sum.Stored)
			}
		}
	}
	if err := flush(); err != nil {
		return sum, fmt.Errorf("%w (%d pageviews stored before; replaying the file again stores the rest)", err, sum.Stored)
	}
	if opt.Progress != nil {
		opt.Progress(firstPass+lr.Bytes, sum.Lines)
	}
	for _, vs := range visitors {
		sum.Visitors += len(vs)
	}
	sum.Articles = len(articles)
	return sum, nil
}

// resolver finds the article a path shows, the way the site answers it.
type resolver struct {
	st    *store.Store
	now   time.Time
	cache map[string]*model.Article // path → article (nil: none)
}

func (r *resolver) article(ctx context.Context, path string) (*model.Article, error) {
	if a, ok := r.cache[path]; ok {
		return a, nil
	}
	a, err := r.resolve(ctx, path)
	if err != nil {
		return nil, err
	}
	if len(r.cache) < 100000 {
		r.cache[path] = a
	}
	return a, nil
}

func (r *resolver) resolve(ctx context.Context, path string) (*model.Article, error) {
	bySlug := func(slug string) (*model.Article, error) {
		a, err := r.st.ArticleBySlug(ctx, slug)
		if errors.Is(err, store.ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		if a.Kind != model.KindArticle || !a.VisibleAt(r.now) {
			return nil, nil
		}
		return a, nil
	}
	if slug, ok := sitepath.ArticleSlug(path); ok {
		a, err := bySlug(slug)
		if a != nil || err != nil {
			return a, err
		}
		// An old slug: the site answers 301 to the article's current one.
		cur, err := r.st.RedirectFor(ctx, slug)
		if errors.Is(err, store.ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return bySlug(cur)
	}
	if strings.HasPrefix(path, "/pages/") || strings.HasPrefix(path, "/sections/") || strings.HasPrefix(path, "/authors/") ||
		strings.HasPrefix(path, "/tags/") || strings.HasPrefix(path, "/media/") || strings.HasPrefix(path, "/static/") {
		return nil, nil
	}
	if slug, ok := sitepath.WordPressSlug(path); ok {
		return bySlug(slug)
	}
	return nil, nil
}

// String is the summary for people, one fact a line.
func (s *ReplaySummary) String() string {
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	p("  lines read:              %d (%d requests, %d malformed)", s.Lines, s.Requests, s.BadLines)
	for _, e := range s.Bad {
		p("    skipped %v", e)
	}
	if s.BadLines > len(s.Bad) {
		p("    … and %d more malformed lines", s.BadLines-len(s.Bad))
	}
	p("  not a page shown:        %d (not GET, or status other than 200/304)", s.NotPageview)
	p("  not an article:          %d (assets, fronts, unknown paths)", s.NotArticle)
	var reasons []string
	total := 0
	for r, n := range s.Rejected {
		reasons = append(reasons, fmt.Sprintf("%s %d", r, n))
		total += n
	}
	sort.Strings(reasons)
	if total == 0 {
		reasons = []string{"none"}
	}
	p("  article hits rejected:   %d (%s)", total, strings.Join(reasons, ", "))
	if s.NoUserAgent > 0 {
		p("  without a user agent:    %d (common log format: bots could not be filtered; counted)", s.NoUserAgent)
	}
	p("  article pageviews:       %d (on %d %s; %d %s, counted per day)", s.Pageviews, s.Articles, plural(s.Articles, "article", "articles"),
		s.Visitors, plural(s.Visitors, "visitor", "visitors"))
	if !s.First.IsZero() {
		p("  from %s to %s", s.First.Format(time.RFC3339), s.Last.Format(time.RFC3339))
	}
	p("  stored:                  %d new, %d already replayed before", s.Stored, s.AlreadyReplayed)
	return b.String()
}

// plural picks the singular for n == 1.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
