package api

import "net/http"

// route is one entry of the API's single route table. The pattern doubles
// as the OpenAPI path (both use {name} for path parameters); the OpenAPI
// test checks that the document and this table agree.
type route struct {
	pattern string // path pattern, any method (serve allows GET and HEAD)
	auth    bool   // needs an API key
	handler func(a *API) handler
}

// routes is the route table of the Content API.
var routes = []route{
	{"/api/openapi.json", false, func(a *API) handler { return a.openAPI }},
	{"/api/v1/articles", true, func(a *API) handler { return a.listArticles }},
	{"/api/v1/articles/{slug}", true, func(a *API) handler { return a.getArticle }},
	{"/api/v1/sections", true, func(a *API) handler { return a.listSections }},
	{"/api/v1/authors", true, func(a *API) handler { return a.listAuthors }},
	{"/api/v1/tags/{slug}", true, func(a *API) handler { return a.getTag }},
}

// openAPI serves the OpenAPI document (no key needed).
func (a *API) openAPI(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, a.document())
	return nil
}

// adminRoute is one entry of the Admin API's route table: a method and a
// path pattern (the OpenAPI path), answered with a token (serveAdmin).
type adminRoute struct {
	method, pattern string
	handler         func(a *API) adminHandler
}

// adminRoutes is the route table of the Admin API.
var adminRoutes = []adminRoute{
	{"POST", "/api/v1/admin/articles", func(a *API) adminHandler { return a.adminCreate }},
	{"GET", "/api/v1/admin/articles/{id}", func(a *API) adminHandler { return a.adminGet }},
	{"PATCH", "/api/v1/admin/articles/{id}", func(a *API) adminHandler { return a.adminUpdate }},
	{"POST", "/api/v1/admin/articles/{id}/publish", func(a *API) adminHandler { return a.adminPublish }},
	{"POST", "/api/v1/admin/articles/{id}/schedule", func(a *API) adminHandler { return a.adminSchedule }},
	{"POST", "/api/v1/admin/articles/{id}/unpublish", func(a *API) adminHandler { return a.adminUnpublish }},
	{"POST", "/api/v1/admin/articles/{id}/review", func(a *API) adminHandler { return a.adminReview }},
	{"POST", "/api/v1/admin/articles/{id}/corrections", func(a *API) adminHandler { return a.adminCorrection }},
	{"POST", "/api/v1/admin/media", func(a *API) adminHandler { return a.adminMediaUpload }},
	{"GET", "/api/v1/admin/analytics/stats", func(a *API) adminHandler { return a.analyticsStats }},
	{"GET", "/api/v1/admin/analytics/articles/{id}/stats", func(a *API) adminHandler { return a.articleStats }},
}
