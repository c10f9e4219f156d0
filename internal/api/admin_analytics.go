package api

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"masthead/internal/analytics/history"
	"masthead/internal/auth"
	"masthead/internal/store"
)

// The analytics stats of the Admin API (issue 5): GET
// /api/v1/admin/analytics/stats is the site's report and GET
// /api/v1/admin/analytics/articles/{id}/stats one article's, as JSON
// (history.JSONStats), for tokens whose user may view analytics (owner,
// editor, author, analyst). Query: from, to (site dates YYYY-MM-DD,
// inclusive; default the last 30 days), period (day, week, month; hour for
// up to 14 days). The newsroom admin's reports give the same JSON at
// /admin/analytics/reports?format=json for a signed-in session.

func (a *API) analyticsStats(w http.ResponseWriter, r *http.Request, u *store.User) error {
	return a.stats(w, r, u, 0)
}

func (a *API) articleStats(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if !auth.Can(auth.Role(u.Role), auth.ViewAnalytics) {
		return forbiddenErr("your role does not include analytics")
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return notFound("no article with that id")
	}
	if _, err := a.st.ArticleByID(r.Context(), id); errors.Is(err, store.ErrNotFound) {
		return notFound("no article with that id")
	} else if err != nil {
		return err
	}
	return a.stats(w, r, u, id)
}

func (a *API) stats(w http.ResponseWriter, r *http.Request, u *store.User, articleID int64) error {
	if !auth.Can(auth.Role(u.Role), auth.ViewAnalytics) {
		return forbiddenErr("your role does not include analytics")
	}
	q := r.URL.Query()
	if _, err := history.ParsePeriod(q.Get("period")); err != nil {
		return badParam("period", "want day, week, month or hour")
	}
	for _, name := range []string{"from", "to"} {
		if v := q.Get(name); v != "" {
			if _, err := time.Parse(time.DateOnly, v); err != nil {
				return badParam(name, "want a date like 2026-03-31")
			}
		}
	}
	rg, err := history.ParseRange(q.Get("from"), q.Get("to"), q.Get("period"), a.now(), a.cfg.Location)
	if err != nil {
		return badParam("to", err.Error())
	}
	rep, err := history.Build(r.Context(), a.st, rg, articleID, 0)
	if err != nil {
		return badParam("to", err.Error())
	}
	var ids []int64
	for _, row := range rep.Articles {
		ids = append(ids, row.ArticleID)
	}
	heads := map[int64]string{}
	list, err := a.st.ArticlesByIDs(r.Context(), ids)
	if err != nil {
		return err
	}
	for _, art := range list {
		heads[art.ID] = art.Headline
	}
	js := history.JSON(rep, articleID > 0, heads)
	js.ArticleID = articleID
	writeJSON(w, http.StatusOK, js)
	return nil
}
