package api

// The Admin API part of the OpenAPI document (see openapi.go).

import "slices"

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
		"/api/v1/admin/analytics/stats": obj{"get": adminOperation("adminAnalyticsStats",
			"The site's analytics report: pageviews, visitors, engaged time and scroll depth over time and by article, source, campaign, device, country and recirculation slot (roles that may view analytics)",
			"200", "AnalyticsStats", nil, statsParams(nil), "400")},
		"/api/v1/admin/analytics/articles/{id}/stats": obj{"get": adminOperation("adminArticleAnalyticsStats",
			"One article's analytics report, with recirculation out of and into it",
			"200", "AnalyticsStats", nil, statsParams(id), "400", "404")},
	}
}

// statsParams are the query parameters of the analytics stats, after path.
func statsParams(path []obj) []obj {
	date := func(name, desc string) obj {
		return obj{"name": name, "in": "query", "description": desc, "schema": obj{"type": "string", "format": "date"}}
	}
	return append(append([]obj{}, path...),
		date("from", "first date in the site's time zone, YYYY-MM-DD (default: 29 days before to)"),
		date("to", "last date, included (default: today in the site's time zone)"),
		obj{"name": "period", "in": "query", "description": "bucket of the series; weeks start on Monday, days at local midnight (23 or 25 hours on DST changes); hour for up to 14 days",
			"schema": obj{"type": "string", "enum": []string{"day", "week", "month", "hour"}, "default": "day"}})
}

// optional drops names from schema's required properties (fields the
// answer leaves out: the site report has no article_id and no
// recirculation out/in, an article's report no top articles).
func optional(schema obj, names ...string) obj {
	var req []string
	for _, r := range schema["required"].([]string) {
		if !slices.Contains(names, r) {
			req = append(req, r)
		}
	}
	schema["required"] = req
	return schema
}

// analyticsSchemas are the shapes of history.JSONStats.
func analyticsSchemas() obj {
	s, i := obj{"type": "string"}, obj{"type": "integer"}
	counts := obj{"pageviews": i, "visitors": obj{"type": "integer", "description": "site totals and series: people, once a day each; articles and article reports: the article's visitors; source, campaign, device and country lines: each value's distinct visitors per day (a reader from two sources is a visitor of both)"},
		"engaged_seconds": i, "avg_engaged_seconds": obj{"type": "number", "description": "engaged seconds per pageview"},
		"avg_scroll_percent": obj{"type": "number", "description": "average deepest scroll per page view, 0–100"}}
	with := func(extra obj) obj {
		o := obj{}
		for k, v := range counts {
			o[k] = v
		}
		for k, v := range extra {
			o[k] = v
		}
		return object(o)
	}
	arr := func(name string) obj { return obj{"type": "array", "items": ref(name)} }
	return obj{
		"AnalyticsCounts":  with(nil),
		"AnalyticsPeriod":  with(obj{"start": obj{"type": "string", "format": "date-time", "description": "RFC 3339 in the site's zone"}, "end": obj{"type": "string", "format": "date-time"}}),
		"AnalyticsArticle": with(obj{"article_id": i, "headline": s}),
		"AnalyticsSource":  with(obj{"source_class": s, "source_name": s}),
		"AnalyticsNamed":   with(obj{"name": s}),
		"AnalyticsRecirculation": optional(object(obj{"slot": obj{"type": "string", "description": "next-N, more-N, front-N or mostread-N"},
			"from_article_id":   obj{"type": "integer", "description": "page holding the link; 0 for a front or when not grouped on"},
			"target_article_id": obj{"type": "integer", "description": "article the link leads to; 0 when unknown or not grouped on"}, "clicks": i,
			"shown":                 obj{"type": "integer", "description": "page views that showed the slot (recirculation_slots; 0 on other lines)"},
			"click_through_percent": obj{"type": "number", "description": "100 × clicks / shown (recirculation_slots only; absent when never shown)"}}), "click_through_percent"),
		"AnalyticsStats": optional(object(obj{"from": obj{"type": "string", "format": "date"}, "to": obj{"type": "string", "format": "date"},
			"period": s, "time_zone": obj{"type": "string", "description": "IANA name of the site's zone"}, "article_id": obj{"type": "integer", "description": "0 for the site"},
			"totals": ref("AnalyticsCounts"), "series": arr("AnalyticsPeriod"), "articles": arr("AnalyticsArticle"),
			"sources": arr("AnalyticsSource"), "campaigns": arr("AnalyticsNamed"), "devices": arr("AnalyticsNamed"), "countries": arr("AnalyticsNamed"),
			"recirculation_slots": arr("AnalyticsRecirculation"), "recirculation_out": arr("AnalyticsRecirculation"),
			"recirculation_in": arr("AnalyticsRecirculation")}), "article_id", "articles", "recirculation_out", "recirculation_in"),
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
