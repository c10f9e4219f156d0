package api

// The Admin API part of the OpenAPI document (see openapi.go).

// adminSecurity is the security requirement of every admin operation.
var adminSecurity = []obj{{"adminToken": []string{}}}

// adminOperation describes a token-authenticated operation answering
// status with schema, with 401, 403 and the extra error statuses given.
func adminOperation(id, summary, status, schema string, body obj, params []obj, errs ...string) obj {
	resp := obj{status: jsonResponse(summary, ref(schema))}
	for _, code := range append([]string{"401", "403"}, errs...) {
		resp[code] = obj{"$ref": "#/components/responses/Error"}
	}
	op := obj{"operationId": id, "summary": summary, "security": adminSecurity, "responses": resp}
	if body != nil {
		op["requestBody"] = body
	}
	if params != nil {
		op["parameters"] = params
	}
	return op
}

// adminPaths describes every route of adminRoutes.
func adminPaths() obj {
	id := []obj{{"name": "id", "in": "path", "required": true, "description": "article id", "schema": obj{"type": "integer"}}}
	jsonBody := func(schema string) obj {
		return obj{"required": true, "content": obj{"application/json": obj{"schema": ref(schema)}}}
	}
	return obj{
		"/api/v1/admin/articles": obj{"post": adminOperation("adminCreateArticle", "Create a draft article", "201", "AdminArticle",
			jsonBody("ArticleInput"), nil, "400", "422")},
		"/api/v1/admin/articles/{id}": obj{
			"get": adminOperation("adminGetArticle", "One article in any state", "200", "AdminArticle", nil, id, "404"),
			"patch": adminOperation("adminUpdateArticle", "Change the fields given (the editor's Save)", "200", "AdminArticle",
				jsonBody("ArticleInput"), id, "400", "404", "409", "422"),
		},
		"/api/v1/admin/articles/{id}/publish": obj{"post": adminOperation("adminPublishArticle", "Publish now (or update the live story)",
			"200", "AdminArticle", nil, id, "404", "422")},
		"/api/v1/admin/articles/{id}/schedule": obj{"post": adminOperation("adminScheduleArticle", "Publish by itself at publish_at",
			"200", "AdminArticle", jsonBody("ScheduleInput"), id, "400", "404", "409", "422")},
		"/api/v1/admin/articles/{id}/unpublish": obj{"post": adminOperation("adminUnpublishArticle", "Take the story down",
			"200", "AdminArticle", nil, id, "404", "409")},
		"/api/v1/admin/articles/{id}/review": obj{"post": adminOperation("adminSubmitForReview", "Submit for review (what a contributor does when a draft is ready)",
			"200", "AdminArticle", nil, id, "404", "409")},
		"/api/v1/admin/articles/{id}/corrections": obj{"post": adminOperation("adminAddCorrection",
			"Append a dated correction note to a published story; its Updated time becomes now",
			"200", "AdminArticle", jsonBody("CorrectionInput"), id, "400", "404", "409", "422")},
		"/api/v1/admin/media": obj{"post": adminOperation("adminUploadMedia", "Upload an image to the media library", "201", "AdminMedia",
			obj{"required": true, "content": obj{"multipart/form-data": obj{"schema": obj{"type": "object", "required": []string{"file"},
				"properties": obj{"file": obj{"type": "string", "format": "binary"}, "alt": obj{"type": "string"},
					"caption": obj{"type": "string"}, "credit": obj{"type": "string"}}}}}},
			nil, "400", "413", "415", "422")},
	}
}

// adminSchemas are the request and response shapes of the Admin API.
func adminSchemas() obj {
	s, i, dt := obj{"type": "string"}, obj{"type": "integer"}, obj{"type": "string", "format": "date-time"}
	byline := object(obj{"author": obj{"type": "string", "description": "author slug"}, "role": s})
	lead := obj{"type": "object", "required": []string{"alt"}, "additionalProperties": false,
		"description": "in a request, media_id (an image in the media library) or url (an http(s) image to fetch into the library: public addresses only unless the server runs with --webhooks-allow-private, no redirects, the upload size limit, JPEG/PNG/WebP/GIF sniffed from the bytes); a response has media_id",
		"properties":  obj{"media_id": i, "url": obj{"type": "string", "format": "uri"}, "alt": s, "caption": s, "credit": s}}
	b := obj{"type": "boolean"}
	return obj{
		"AdminByline": byline,
		"LeadImage":   lead,
		"ArticleInput": obj{"type": "object", "additionalProperties": false,
			"description": "absent fields stay as they are (PATCH) or empty (POST); lead_image null removes the lead image",
			"properties": obj{"headline": s, "dek": s, "kicker": s, "slug": s, "section": obj{"type": "string", "description": "section slug"},
				"tags": obj{"type": "array", "items": s}, "bylines": obj{"type": "array", "items": ref("AdminByline")},
				"dateline": s, "body_markdown": s, "lead_image": nullable(ref("LeadImage")),
				"pins":          obj{"type": "array", "items": s, "description": "READ MORE pins: slugs of other stories, in order (old slugs follow their redirects); at most 10"},
				"rights":        obj{"type": "string", "description": "rights line for this story; empty for the site default"},
				"canonical_url": obj{"type": "string", "description": "absolute http(s) URL, or empty for the story's own address"},
				"seo_title":     s, "seo_description": s,
				"embargo_until": obj{"type": "string", "description": "RFC 3339 time before which the story is invisible everywhere; empty lifts the embargo"},
				"comments_open": b,
				"mark_updated":  obj{"type": "boolean", "description": "with a change to a published story: show it as Updated now"}}},
		"CorrectionInput": obj{"type": "object", "additionalProperties": false, "required": []string{"text"},
			"properties": obj{"text": obj{"type": "string", "description": "plain text, at most 2000 characters"}}},
		"ScheduleInput": object(obj{"publish_at": dt}),
		"AdminArticle": object(obj{
			"id": i, "slug": s, "status": obj{"type": "string", "enum": []string{"draft", "review", "scheduled", "published", "unpublished"}},
			"url": obj{"type": "string", "format": "uri"}, "headline": s, "dek": s, "kicker": s, "section": s,
			"tags": obj{"type": "array", "items": s}, "bylines": obj{"type": "array", "items": ref("AdminByline")},
			"dateline": s, "body_markdown": s, "body_html": s, "lead_image": nullable(ref("LeadImage")),
			"pins": obj{"type": "array", "items": s}, "rights": s, "canonical_url": s, "seo_title": s, "seo_description": s,
			"comments_open": b, "published_at": nullable(dt), "updated_at": nullable(dt), "embargo_until": nullable(dt),
			"corrections": obj{"type": "array", "items": ref("Correction")},
		}),
		"AdminMedia": object(obj{"id": i, "url": obj{"type": "string", "format": "uri"}, "mime": s, "width": i, "height": i, "existing": obj{"type": "boolean"}}),
	}
}
