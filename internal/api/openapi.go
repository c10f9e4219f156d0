package api

import "sort"

// The OpenAPI 3.1 document of the Content API, written by hand. The test in
// openapi_test.go fails when it and the route table or the responses
// disagree.

type obj = map[string]any

// document returns the OpenAPI document; servers point at the base URL.
func (a *API) document() obj {
	return obj{
		"openapi": "3.1.0",
		"info": obj{
			"title":       a.cfg.SiteName + " Content API",
			"version":     "1",
			"description": "Read-only access to what readers can see: published articles (never drafts, scheduled or embargoed ones), sections, authors and tags. Authenticate with an API key made by `masthead apikey add`. The Admin API under /api/v1/admin/ creates, edits, publishes and schedules articles and uploads media with a token made by `masthead token add`, acting with that user's role.",
		},
		"servers":  []obj{{"url": a.base}},
		"security": []obj{{"apiKey": []string{}}},
		"paths":    merge(paths(), adminPaths()),
		"components": obj{
			"securitySchemes": obj{
				"apiKey":     obj{"type": "http", "scheme": "bearer", "description": "Authorization: Bearer <key> (X-API-Key: <key> is accepted too)"},
				"adminToken": obj{"type": "http", "scheme": "bearer", "description": "Admin API: Authorization: Bearer mht_… (a token made by `masthead token add`; it acts with its user's role; Content API keys are refused)"},
			},
			"schemas":   merge(schemas(), adminSchemas(), analyticsSchemas()),
			"responses": errorResponses(),
		},
	}
}

// paths describes every route of the route table.
func paths() obj {
	slug := func(what string) obj {
		return obj{"name": "slug", "in": "path", "required": true, "description": "slug of the " + what, "schema": obj{"type": "string"}}
	}
	query := func(name, desc string, schema obj) obj {
		return obj{"name": name, "in": "query", "required": false, "description": desc, "schema": schema}
	}
	str := obj{"type": "string"}
	return obj{
		"/api/openapi.json": obj{"get": obj{
			"operationId": "openapi", "summary": "This document", "security": []obj{},
			"responses": obj{"200": jsonResponse("the OpenAPI document", obj{"type": "object"})},
		}},
		"/api/v1/articles": obj{"get": operation("listArticles", "Published articles, newest first", "ArticleList", []obj{
			query("section", "section slug", str),
			query("author", "author slug", str),
			query("tag", "tag slug", str),
			query("since", "only articles published at or after this time (RFC 3339)", obj{"type": "string", "format": "date-time"}),
			query("page", "page number, from 1", obj{"type": "integer", "minimum": 1, "default": 1}),
			query("per_page", "articles per page", obj{"type": "integer", "minimum": 1, "maximum": maxPerPage, "default": defaultPerPage}),
		}, "400")},
		"/api/v1/articles/{slug}": obj{"get": operation("getArticle", "One published article", "Article",
			[]obj{slug("article")}, "404")},
		"/api/v1/sections": obj{"get": operation("listSections", "All sections in navigation order", "SectionList", nil)},
		"/api/v1/authors":  obj{"get": operation("listAuthors", "All authors by name", "AuthorList", nil)},
		"/api/v1/tags/{slug}": obj{"get": operation("getTag", "One tag", "Tag",
			[]obj{slug("tag")}, "404")},
	}
}

// operation describes a keyed GET returning schema, with 401 and the extra
// error statuses given.
func operation(id, summary, schema string, params []obj, errs ...string) obj {
	resp := obj{"200": jsonResponse(summary, ref(schema)), "401": obj{"$ref": "#/components/responses/Error"}}
	for _, code := range errs {
		resp[code] = obj{"$ref": "#/components/responses/Error"}
	}
	op := obj{"operationId": id, "summary": summary, "responses": resp}
	if params != nil {
		op["parameters"] = params
	}
	return op
}

func jsonResponse(desc string, schema obj) obj {
	return obj{"description": desc, "content": obj{"application/json": obj{"schema": schema}}}
}

func ref(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }

func errorResponses() obj {
	return obj{"Error": jsonResponse("error", ref("Error"))}
}

// object is a schema of an object whose listed properties are all required.
func object(props obj) obj {
	req := make([]string, 0, len(props))
	for k := range props {
		req = append(req, k)
	}
	sort.Strings(req)
	return obj{"type": "object", "properties": props, "required": req, "additionalProperties": false}
}

func nullable(t obj) obj { return obj{"oneOf": []obj{t, {"type": "null"}}} }

func list(item string) obj {
	return object(obj{
		"data": obj{"type": "array", "items": ref(item)}, "page": obj{"type": "integer"}, "per_page": obj{"type": "integer"},
		"total": obj{"type": "integer"}, "next": nullable(obj{"type": "string", "format": "uri"}),
	})
}

// schemas are the response shapes of shapes.go.
func schemas() obj {
	s, uri, dt, i := obj{"type": "string"}, obj{"type": "string", "format": "uri"}, obj{"type": "string", "format": "date-time"}, obj{"type": "integer"}
	return obj{
		"Article": object(obj{
			"id": i, "slug": s, "url": uri, "headline": s, "dek": s, "kicker": s,
			"section": nullable(ref("SectionRef")), "bylines": obj{"type": "array", "items": ref("Byline")},
			"dateline": s, "published_at": dt, "updated_at": nullable(dt), "lead_image": nullable(ref("Image")),
			"body_html": s, "tags": obj{"type": "array", "items": ref("Tag")},
			"corrections": obj{"type": "array", "items": ref("Correction")}, "rights": s,
		}),
		"SectionRef":  object(obj{"slug": s, "name": s}),
		"Section":     object(obj{"slug": s, "name": s, "description": s, "url": uri}),
		"Author":      object(obj{"slug": s, "name": s, "title": s, "bio": s, "url": uri}),
		"Tag":         object(obj{"slug": s, "name": s, "url": uri}),
		"Byline":      object(obj{"name": s, "slug": s, "role": s, "url": uri}),
		"Image":       object(obj{"url": uri, "alt": s, "caption": s, "credit": s, "width": i, "height": i}),
		"Correction":  object(obj{"created_at": dt, "text": s}),
		"ArticleList": list("Article"),
		"SectionList": list("Section"),
		"AuthorList":  list("Author"),
		"Error": object(obj{"error": obj{"type": "object", "required": []string{"code", "message"}, "additionalProperties": false,
			"properties": obj{"code": obj{"type": "string", "enum": []string{"unauthorized", "not_found", "invalid_parameter", "method_not_allowed", "internal",
				"invalid_json", "invalid_fields", "forbidden", "conflict", "unsupported_media_type", "too_large", "invalid_file"}}, "message": s,
				"fields": obj{"type": "object", "description": "invalid_fields only: a message per field", "additionalProperties": s}}}}),
	}
}

// merge returns the union of objects (later keys win).
func merge(objs ...obj) obj {
	out := obj{}
	for _, o := range objs {
		for k, v := range o {
			out[k] = v
		}
	}
	return out
}
