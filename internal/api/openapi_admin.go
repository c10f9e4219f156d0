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
	lead := obj{"type": "object", "required": []string{"media_id", "alt"}, "additionalProperties": false,
		"properties": obj{"media_id": i, "alt": s, "caption": s, "credit": s}}
	return obj{
		"AdminByline": byline,
		"LeadImage":   lead,
		"ArticleInput": obj{"type": "object", "additionalProperties": false,
			"description": "absent fields stay as they are (PATCH) or empty (POST); lead_image null removes the lead image",
			"properties": obj{"headline": s, "dek": s, "kicker": s, "slug": s, "section": obj{"type": "string", "description": "section slug"},
				"tags": obj{"type": "array", "items": s}, "bylines": obj{"type": "array", "items": ref("AdminByline")},
				"dateline": s, "body_markdown": s, "lead_image": nullable(ref("LeadImage"))}},
		"ScheduleInput": object(obj{"publish_at": dt}),
		"AdminArticle": object(obj{
			"id": i, "slug": s, "status": obj{"type": "string", "enum": []string{"draft", "review", "scheduled", "published", "unpublished"}},
			"url": obj{"type": "string", "format": "uri"}, "headline": s, "dek": s, "kicker": s, "section": s,
			"tags": obj{"type": "array", "items": s}, "bylines": obj{"type": "array", "items": ref("AdminByline")},
			"dateline": s, "body_markdown": s, "body_html": s, "lead_image": nullable(ref("LeadImage")),
			"published_at": nullable(dt), "updated_at": nullable(dt),
		}),
		"AdminMedia": object(obj{"id": i, "url": obj{"type": "string", "format": "uri"}, "mime": s, "width": i, "height": i, "existing": obj{"type": "boolean"}}),
	}
}
