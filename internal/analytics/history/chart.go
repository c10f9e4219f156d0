package history

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// ChartPoint is one value of a chart: a label for people (a date, an
// article headline) and its value.
type ChartPoint struct {
	Label string
	Value float64
}

// Chart sizes, in SVG user units (the SVG scales to its container's width).
const (
	chartW, chartH             = 720, 240
	padL, padR, padT, padB     = 56, 12, 12, 36
	barRowH, barLabelW, barGap = 26, 260, 6
)

// LineChart draws values over time as an SVG area-and-line chart with a
// horizontal grid, y-axis figures and a few x-axis labels. The SVG carries
// role="img" with <title> and <desc> (WAI-ARIA Graphics: an image named by
// its title and described by its desc), needs no script and no external
// file, and uses only currentColor and the CSS classes chart-area,
// chart-line, chart-grid and chart-label for its looks. Text is escaped.
// id must be unique on the page (it prefixes the title and desc ids).
func LineChart(id, title, desc string, pts []ChartPoint) template.HTML {
	var b strings.Builder
	open(&b, id, title, desc, chartW, chartH)
	max, step := yScale(pts)
	plotW, plotH := float64(chartW-padL-padR), float64(chartH-padT-padB)
	y := func(v float64) float64 { return float64(padT) + plotH - v/max*plotH }
	x := func(i int) float64 {
		if len(pts) < 2 {
			return float64(padL) + plotW/2
		}
		return float64(padL) + plotW*float64(i)/float64(len(pts)-1)
	}
	for i := 0; float64(i)*step <= max*(1+1e-9); i++ {
		v := float64(i) * step
		fmt.Fprintf(&b, `<line class="chart-grid" x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="currentColor" stroke-opacity="0.15"/>`,
			padL, chartW-padR, y(v), y(v))
		fmt.Fprintf(&b, `<text class="chart-label" x="%d" y="%.1f" text-anchor="end" font-size="12" fill="currentColor">%s</text>`,
			padL-6, y(v)+4, html.EscapeString(FormatCount(v)))
	}
	if len(pts) > 0 {
		var line strings.Builder
		for i, p := range pts {
			fmt.Fprintf(&line, "%.1f,%.1f ", x(i), y(p.Value))
		}
		coords := strings.TrimSpace(line.String())
		fmt.Fprintf(&b, `<polygon class="chart-area" points="%.1f,%.1f %s %.1f,%.1f" fill="currentColor" fill-opacity="0.12"/>`,
			x(0), y(0), coords, x(len(pts)-1), y(0))
		fmt.Fprintf(&b, `<polyline class="chart-line" points="%s" fill="none" stroke="currentColor" stroke-width="2"/>`, coords)
		if len(pts) == 1 {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="currentColor"/>`, x(0), y(pts[0].Value))
		}
		// At most 6 x labels, always the first and the last.
		step := int(math.Ceil(float64(len(pts)) / 6))
		for i := 0; i < len(pts); i += step {
			if i+step >= len(pts) && i != len(pts)-1 && len(pts) > 1 {
				if x(len(pts)-1)-x(i) < 90 {
					continue // leave room for the last label
				}
			}
			xLabel(&b, x(i), pts[i].Label, i == 0, false)
		}
		if last := len(pts) - 1; last > 0 && last%step != 0 {
			xLabel(&b, x(last), pts[last].Label, false, true)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func xLabel(b *strings.Builder, x float64, label string, first, last bool) {
	anchor := "middle"
	if first {
		anchor = "start"
	} else if last {
		anchor = "end"
	}
	fmt.Fprintf(b, `<text class="chart-label" x="%.1f" y="%d" text-anchor="%s" font-size="12" fill="currentColor">%s</text>`,
		x, chartH-padB+20, anchor, html.EscapeString(label))
}

// BarChart draws horizontal bars, one row per point, labelled with the
// point's label and value; the same accessibility rules as LineChart.
func BarChart(id, title, desc string, pts []ChartPoint) template.HTML {
	h := padT + len(pts)*barRowH + barGap
	if len(pts) == 0 {
		h = padT + barRowH
	}
	var b strings.Builder
	open(&b, id, title, desc, chartW, h)
	max := niceMax(pts)
	plotW := float64(chartW - barLabelW - padR - 70)
	for i, p := range pts {
		top := padT + i*barRowH
		fmt.Fprintf(&b, `<text class="chart-label" x="%d" y="%d" text-anchor="end" font-size="12" fill="currentColor">%s</text>`,
			barLabelW-8, top+barRowH/2+4, html.EscapeString(truncate(p.Label, 38)))
		w := p.Value / max * plotW
		fmt.Fprintf(&b, `<rect class="chart-bar" x="%d" y="%d" width="%.1f" height="%d" fill="currentColor" fill-opacity="0.6"/>`,
			barLabelW, top+barGap/2, w, barRowH-barGap)
		fmt.Fprintf(&b, `<text class="chart-label" x="%.1f" y="%d" font-size="12" fill="currentColor">%s</text>`,
			float64(barLabelW)+w+6, top+barRowH/2+4, html.EscapeString(FormatCount(p.Value)))
	}
	if len(pts) == 0 {
		fmt.Fprintf(&b, `<text class="chart-label" x="%d" y="%d" font-size="12" fill="currentColor">No data in this period.</text>`, padL, padT+16)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func open(b *strings.Builder, id, title, desc string, w, h int) {
	id = html.EscapeString(id)
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s-title %s-desc" preserveAspectRatio="xMinYMin meet">`,
		w, h, id, id)
	fmt.Fprintf(b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, html.EscapeString(title), id, html.EscapeString(desc))
}

// yScale is a line chart's y-axis: a step of 1, 2, 2.5 or 5 times a power
// of ten giving at most 4 steps up to the largest value, and the top (a
// whole number of steps, at least one). When every value is a whole number
// (counts of readers, pageviews) the step is too, so the axis never reads
// 0.2 or 0.5 readers.
func yScale(pts []ChartPoint) (top, step float64) {
	m, whole := 0.0, true
	for _, p := range pts {
		if math.IsInf(p.Value, 0) || math.IsNaN(p.Value) {
			continue
		}
		m = math.Max(m, p.Value)
		whole = whole && p.Value == math.Trunc(p.Value)
	}
	raw := m / 4
	if whole && raw < 1 || raw <= 0 {
		raw = 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step = 10 * mag
	for _, f := range []float64{1, 2, 2.5, 5} {
		if s := f * mag; s >= raw && (!whole || s == math.Trunc(s)) {
			step = s
			break
		}
	}
	top = math.Max(step, math.Ceil(m/step-1e-9)*step)
	return top, step
}

// niceMax is the y-axis top: the largest value rounded up to 1, 2, 2.5 or
// 5 times a power of ten (at least 1).
func niceMax(pts []ChartPoint) float64 {
	m := 0.0
	for _, p := range pts {
		if p.Value > m && !math.IsInf(p.Value, 0) {
			m = p.Value
		}
	}
	if m <= 1 {
		return 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(m)))
	for _, f := range []float64{1, 2, 2.5, 5, 10} {
		if f*mag >= m {
			return f * mag
		}
	}
	return 10 * mag
}

// FormatCount writes n for people: 950, 12,345, 1.2M; fractions to one
// decimal place below 10.
func FormatCount(n float64) string {
	switch {
	case n >= 1e6:
		return strconv.FormatFloat(n/1e6, 'f', 1, 64) + "M"
	case n < 10 && n != math.Trunc(n):
		return strconv.FormatFloat(n, 'f', 1, 64)
	}
	s := strconv.FormatInt(int64(math.Round(n)), 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
