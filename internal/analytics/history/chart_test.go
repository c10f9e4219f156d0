package history

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"masthead/internal/store"
)

// svgTexts parses the SVG as XML (so it must be well-formed) and returns
// the title, desc and every <text>.
func svgTexts(t *testing.T, svg string) (title, desc string, texts []string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	var stack []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, svg)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			stack = append(stack, tk.Name.Local)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			switch stack[len(stack)-1] {
			case "title":
				title += string(tk)
			case "desc":
				desc += string(tk)
			case "text":
				texts = append(texts, string(tk))
			}
		}
	}
	return
}

func TestLineChart(t *testing.T) {
	pts := []ChartPoint{{"1 Mar", 10}, {"2 Mar", 1234}, {"3 Mar", 0}, {"4 Mar", 70}}
	svg := string(LineChart("pv", `Pageviews <by day>`, `Pageviews per day, 1–4 March & more`, pts))
	title, desc, texts := svgTexts(t, svg)
	if title != "Pageviews <by day>" || desc != "Pageviews per day, 1–4 March & more" {
		t.Errorf("title %q desc %q", title, desc)
	}
	for _, want := range []string{`role="img"`, `aria-labelledby="pv-title pv-desc"`, "<polyline", "<polygon"} {
		if !strings.Contains(svg, want) {
			t.Errorf("missing %s", want)
		}
	}
	joined := strings.Join(texts, "|")
	// The y axis tops at 1,500 (whole steps of 500, the nice step for 1,234 / 4); first and last dates shown.
	for _, want := range []string{"1,500", "1,000", "500", "0", "1 Mar", "4 Mar"} {
		if !strings.Contains("|"+joined+"|", "|"+want+"|") {
			t.Errorf("labels %q lack %q", joined, want)
		}
	}
	if strings.Contains(svg, "<script") || strings.Contains(svg, "href") {
		t.Error("chart carries script or links")
	}
	// The tallest point is at the top of the plot, zero on its baseline.
	if !strings.Contains(svg, "points=\"56.0,") {
		t.Errorf("first point not at the left edge: %s", svg)
	}
}

func TestLineChartEdgeCases(t *testing.T) {
	for _, pts := range [][]ChartPoint{nil, {{"only", 5}}, {{"a", 0}, {"b", 0}}} {
		svg := string(LineChart("x", "t", "d", pts))
		svgTexts(t, svg)
		if strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
			t.Errorf("%v: %s", pts, svg)
		}
	}
	// Many points: at most about six x labels, and never overlapping text.
	var many []ChartPoint
	for i := 0; i < 365; i++ {
		many = append(many, ChartPoint{Label: "d" + FormatCount(float64(i)), Value: float64(i)})
	}
	_, _, texts := svgTexts(t, string(LineChart("y", "t", "d", many)))
	if n := len(texts) - 5; n < 2 || n > 7 {
		t.Errorf("%d x labels for 365 points: %v", n, texts)
	}
}

func TestBarChart(t *testing.T) {
	svg := string(BarChart("src", "Sources", "Pageviews by source class", []ChartPoint{
		{"search", 500}, {`<script>alert(1)</script>`, 250}, {strings.Repeat("long headline ", 10), 1},
	}))
	_, _, texts := svgTexts(t, svg)
	if len(texts) != 6 || texts[0] != "search" || texts[1] != "500" || texts[2] != "<script>alert(1)</script>" {
		t.Errorf("texts %q", texts)
	}
	if strings.Contains(svg, "<script>") {
		t.Error("label not escaped")
	}
	if !strings.HasSuffix(texts[4], "…") || len([]rune(texts[4])) != 38 {
		t.Errorf("long label not shortened: %q", texts[4])
	}
	_, _, texts = svgTexts(t, string(BarChart("e", "Empty", "nothing", nil)))
	if len(texts) != 1 || texts[0] != "No data in this period." {
		t.Errorf("empty chart: %q", texts)
	}
}

func TestFormatCount(t *testing.T) {
	for in, want := range map[float64]string{0: "0", 950: "950", 12345: "12,345", 1234567: "1.2M", 2.5: "2.5", 1000: "1,000"} {
		if got := FormatCount(in); got != want {
			t.Errorf("FormatCount(%v) = %q, want %q", in, got, want)
		}
	}
}

func TestCSVCellDefusesFormulas(t *testing.T) {
	for in, want := range map[string]string{"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")", "+1+1": "'+1+1", "@SUM(A1)": "'@SUM(A1)",
		"-2": "-2", "-": "'-", "spring": "spring", "": "", "12.5": "12.5", "\tx": "'\tx"} {
		if got := csvCell(in); got != want {
			t.Errorf("csvCell(%q) = %q, want %q", in, got, want)
		}
	}
	rep := &Report{Campaigns: []store.RollupRow{{Campaign: "=cmd|' /C calc'!A0"}}}
	rows := CSV(rep, "campaigns", false, nil)
	if rows[1][0] != "'=cmd|' /C calc'!A0" {
		t.Errorf("campaign row %q", rows[1])
	}
}
