package importer

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPHPUnserialize(t *testing.T) {
	for in, want := range map[string]any{
		`N;`:                nil,
		`b:1;`:              true,
		`i:-42;`:            int64(-42),
		`d:0.5;`:            0.5,
		`d:INF;`:            "INF",
		`s:0:"";`:           "",
		`s:13:"¯\_(ツ)_/¯";`: "¯\\_(ツ)_/¯", // length in bytes, not characters
		`s:5:"a";b"";`:      `a";b"`,      // quotes inside a string are data
		`a:0:{}`:            []PHPPair{},
		`a:2:{i:0;s:1:"x";s:3:"key";a:1:{i:7;b:0;}}`: []PHPPair{
			{Key: int64(0), Value: "x"},
			{Key: "key", Value: []PHPPair{{Key: int64(7), Value: false}}},
		},
	} {
		got, err := phpUnserialize(in)
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", in, d)
		}
	}
}

func TestPHPUnserializeRefuses(t *testing.T) {
	deep := strings.Repeat("a:1:{i:0;", 100) + "N;" + strings.Repeat("}", 100)
	for in, want := range map[string]string{
		`O:8:"stdClass":1:{s:1:"a";i:1;}`: "object refused",
		`a:1:{i:0;O:3:"Foo":0:{}}`:        "object refused",
		`C:3:"Foo":0:{}`:                  "object refused",
		`a:1:{i:0;r:1;}`:                  "reference refused",
		`s:99:"short";`:                   "runs past the end",
		`a:99999999:{}`:                   "larger than the data",
		`s:-1:"";`:                        "bad length",
		`i:1;i:2;`:                        "data after",
		`b:2;`:                            "bad boolean",
		`a:1:{a:0:{}i:1;}`:                "key must be",
		`plain text`:                      "want ':'",
		`x:1;`:                            "unknown type",
		``:                                "unexpected end",
		deep:                              "nested deeper",
	} {
		if _, err := phpUnserialize(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%.40s: err = %v, want %q", in, err, want)
		}
	}
	if !phpLooksSerialized(`a:1:{i:0;N;}`) || phpLooksSerialized("hello;") || phpLooksSerialized("x") {
		t.Error("phpLooksSerialized")
	}
}
