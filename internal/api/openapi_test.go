package api

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// samples fills the path parameters of documented paths with real slugs.
var samples = strings.NewReplacer("/articles/{slug}", "/articles/bridge-closes", "/tags/{slug}", "/tags/harbour")

// TestOpenAPIMatchesHandlers fails when the served document and the handlers
// disagree: every route is documented and every documented path answers,
// documented query parameters are read (a bad value is a 400 naming it), and
// every 200 response has exactly the properties of its documented schema.
func TestOpenAPIMatchesHandlers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		var doc map[string]any
		if rec := f.do(t, "GET", "/api/openapi.json"); rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &doc) != nil {
			t.Fatalf("openapi.json: %d %s", rec.Code, rec.Body)
		}
		if doc["openapi"] != "3.1.0" {
			t.Errorf("openapi version %v", doc["openapi"])
		}
		paths := doc["paths"].(map[string]any)
		served := map[string]bool{}
		for _, rt := range routes {
			served[rt.pattern] = true
			if _, ok := paths[rt.pattern]; !ok {
				t.Errorf("route %s is not in the OpenAPI document", rt.pattern)
			}
		}
		var documented []string
		for p := range paths {
			documented = append(documented, p)
		}
		sort.Strings(documented)
		for _, p := range documented {
			if !served[p] {
				t.Errorf("documented path %s is not in the route table", p)
			}
			for method, op := range paths[p].(map[string]any) {
				checkOperation(t, f, doc, strings.ToUpper(method), p, op.(map[string]any))
			}
		}
		schemes := dig(doc, "components", "securitySchemes", "apiKey").(map[string]any)
		if schemes["type"] != "http" || schemes["scheme"] != "bearer" {
			t.Errorf("security scheme: %v", schemes)
		}
	})
}

// checkOperation calls one documented operation through the real handler.
func checkOperation(t *testing.T, f *fixture, doc map[string]any, method, path string, op map[string]any) {
	t.Helper()
	if method != "GET" {
		t.Errorf("%s %s: the Content API is GET only", method, path)
		return
	}
	url := samples.Replace(path)
	if strings.Contains(url, "{") {
		t.Fatalf("no sample value for %s", path)
	}
	rec := f.get(t, url, nil)
	if rec.Code != 200 {
		t.Fatalf("GET %s: %d %s", url, rec.Code, rec.Body)
	}
	schema := dig(op, "responses", "200", "content", "application/json", "schema").(map[string]any)
	var body any
	json.Unmarshal(rec.Body.Bytes(), &body)
	checkSchema(t, doc, "GET "+url, schema, body)
	if _, keyed := op["security"]; !keyed {
		if rec := f.do(t, "GET", url); rec.Code != 401 {
			t.Errorf("GET %s without a key: %d, want 401 (the operation is documented as keyed)", url, rec.Code)
		}
	}
	params, _ := op["parameters"].([]any)
	for _, p := range params {
		p := p.(map[string]any)
		if p["in"] != "query" {
			continue
		}
		name := p["name"].(string)
		rec := f.get(t, url+"?"+name+"=%00bad", nil)
		if rec.Code != 400 || !strings.Contains(errorCode(t, rec), name+":") {
			t.Errorf("GET %s?%s=bad: %d %s (is the documented parameter read?)", url, name, rec.Code, rec.Body)
		}
	}
}

// checkSchema checks v against the documented object schema: every required
// property present, no undocumented one, recursing into objects and arrays.
func checkSchema(t *testing.T, doc map[string]any, where string, schema map[string]any, v any) {
	t.Helper()
	if r, ok := schema["$ref"].(string); ok {
		schema = dig(doc, strings.Split(strings.TrimPrefix(r, "#/"), "/")...).(map[string]any)
	}
	if alts, ok := schema["oneOf"].([]any); ok {
		if v == nil {
			return
		}
		schema = alts[0].(map[string]any)
		checkSchema(t, doc, where, schema, v)
		return
	}
	switch schema["type"] {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			t.Errorf("%s: want an object, got %T", where, v)
			return
		}
		props, _ := schema["properties"].(map[string]any)
		req, _ := schema["required"].([]any)
		for _, r := range req {
			if _, ok := obj[r.(string)]; !ok {
				t.Errorf("%s: required property %q missing", where, r)
			}
		}
		if props == nil {
			return
		}
		for k, val := range obj {
			ps, ok := props[k].(map[string]any)
			if !ok {
				t.Errorf("%s: property %q is not documented", where, k)
				continue
			}
			checkSchema(t, doc, where+"."+k, ps, val)
		}
	case "array":
		list, ok := v.([]any)
		if !ok {
			t.Errorf("%s: want an array, got %T", where, v)
			return
		}
		for _, item := range list {
			checkSchema(t, doc, where+"[]", schema["items"].(map[string]any), item)
		}
	case "string":
		if _, ok := v.(string); !ok {
			t.Errorf("%s: want a string, got %T", where, v)
		}
	case "integer":
		if n, ok := v.(float64); !ok || n != float64(int64(n)) {
			t.Errorf("%s: want an integer, got %v", where, v)
		}
	}
}

// dig walks nested JSON objects by key.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}
