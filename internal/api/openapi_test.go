package api

import (
	"encoding/json"
	"net/http/httptest"
	"sort"
	"strconv"
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
		af := newAdminFixture(t, st)
		f := af.fixture
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
		for _, rt := range adminRoutes {
			served[rt.pattern] = true
			if _, ok := dig(paths, rt.pattern, strings.ToLower(rt.method)).(map[string]any); !ok {
				t.Errorf("admin route %s %s is not in the OpenAPI document", rt.method, rt.pattern)
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
				if strings.HasPrefix(p, "/api/v1/admin/") {
					checkAdminOperation(t, af, doc, strings.ToUpper(method), p, op.(map[string]any))
					continue
				}
				checkOperation(t, f, doc, strings.ToUpper(method), p, op.(map[string]any))
			}
		}
		schemes := dig(doc, "components", "securitySchemes", "apiKey").(map[string]any)
		if schemes["type"] != "http" || schemes["scheme"] != "bearer" {
			t.Errorf("security scheme: %v", schemes)
		}
		if tok := dig(doc, "components", "securitySchemes", "adminToken").(map[string]any); tok["type"] != "http" || tok["scheme"] != "bearer" {
			t.Errorf("admin security scheme: %v", tok)
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

// checkAdminOperation calls one documented Admin API operation: with an
// editor's token it answers its documented success status with its
// documented schema; without a token, and with a Content API key, 401.
func checkAdminOperation(t *testing.T, f *adminFixture, doc map[string]any, method, path string, op map[string]any) {
	t.Helper()
	if sec, _ := op["security"].([]any); len(sec) != 1 || dig(sec[0], "adminToken") == nil {
		t.Errorf("%s %s: not documented with the adminToken scheme", method, path)
	}
	tok := f.tokens["editor"]
	var ar AdminArticle
	if rec := f.call(t, tok, "POST", "/api/v1/admin/articles", `{"headline":"OpenAPI sample `+method+` `+path+`"}`, &ar); rec.Code != 201 {
		t.Fatalf("sample article: %d %s", rec.Code, rec.Body)
	}
	id := strconv.FormatInt(ar.ID, 10)
	url := strings.ReplaceAll(path, "{id}", id)
	if strings.HasSuffix(path, "/unpublish") || strings.HasSuffix(path, "/corrections") {
		f.call(t, tok, "POST", "/api/v1/admin/articles/"+id+"/publish", "", nil)
	}
	body := ""
	if dig(op, "requestBody", "content", "application/json", "schema", "$ref") == "#/components/schemas/ScheduleInput" {
		body = `{"publish_at":"2099-01-01T10:00:00Z"}`
	} else if dig(op, "requestBody", "content", "application/json", "schema", "$ref") == "#/components/schemas/CorrectionInput" {
		body = `{"text":"An earlier version misspelt a name."}`
	} else if dig(op, "requestBody", "content", "application/json") != nil {
		body = `{"headline":"Changed by the OpenAPI test","tags":["Sample"],"bylines":[{"author":"ben-ode","role":"photos"}]}`
	}
	call := func(token string) *httptest.ResponseRecorder {
		if path == "/api/v1/admin/media" {
			return f.upload(t, token, "p.png", testPNG(t), "alt")
		}
		return f.call(t, token, method, url, body, nil)
	}
	for _, token := range []string{"", f.key} {
		if rec := call(token); rec.Code != 401 {
			t.Errorf("%s %s with %q: %d, want 401", method, url, token, rec.Code)
		}
	}
	rec := call(tok)
	var want string
	for code := range op["responses"].(map[string]any) {
		if strings.HasPrefix(code, "2") {
			want = code
		}
	}
	if strconv.Itoa(rec.Code) != want {
		t.Fatalf("%s %s: %d %s, want %s", method, url, rec.Code, rec.Body, want)
	}
	schema := dig(op, "responses", want, "content", "application/json", "schema").(map[string]any)
	var v any
	json.Unmarshal(rec.Body.Bytes(), &v)
	checkSchema(t, doc, method+" "+url, schema, v)
	for code := range op["responses"].(map[string]any) {
		if code[0] == '4' && dig(op, "responses", code, "$ref") != "#/components/responses/Error" {
			t.Errorf("%s %s: response %s is not the Error response", method, path, code)
		}
	}
}
