package demo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"math"
	"math/rand/v2"

	"golang.org/x/image/vector"
)

// Picture sizes in pixels and the JPEG quality of every generated picture.
const (
	leadW, leadH = 1200, 675 // 16:9 lead photos
	headSize     = 400       // square author head shots
	jpegQuality  = 80
)

// rgb is a colour with 0–255 float channels, convenient for mixing.
type rgb struct{ r, g, b float64 }

// hexc parses "#rrggbb"; it panics on a malformed constant (a programming error).
func hexc(s string) rgb {
	var r, g, b uint8
	if _, err := fmt.Sscanf(s, "#%02x%02x%02x", &r, &g, &b); err != nil {
		panic("demo: bad colour " + s)
	}
	return rgb{float64(r), float64(g), float64(b)}
}

// mix returns a blended towards b by t (0 = a, 1 = b).
func mix(a, b rgb, t float64) rgb {
	return rgb{a.r + (b.r-a.r)*t, a.g + (b.g-a.g)*t, a.b + (b.b-a.b)*t}
}

// scale multiplies the channels by k (k < 1 darkens).
func (c rgb) scale(k float64) rgb { return rgb{c.r * k, c.g * k, c.b * k} }

func clamp01(v float64) float64 { return math.Max(0, math.Min(1, v)) }

func clampByte(v float64) uint8 {
	if v <= 0 {
		return 0
	}
	if v >= 255 {
		return 255
	}
	return uint8(v + 0.5)
}

// canvas is an RGBA picture with the drawing primitives the scenes use. Its
// random source is seeded from the picture's name, so output is deterministic.
type canvas struct {
	w, h int
	img  *image.RGBA
	rnd  *rand.Rand
	ras  *vector.Rasterizer
}

func newCanvas(w, h int, name string) *canvas {
	f := fnv.New64a()
	f.Write([]byte(name))
	seed := f.Sum64()
	return &canvas{
		w: w, h: h,
		img: image.NewRGBA(image.Rect(0, 0, w, h)),
		rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		ras: vector.NewRasterizer(1, 1),
	}
}

// rf returns a uniform random float in [lo, hi).
func (c *canvas) rf(lo, hi float64) float64 { return lo + (hi-lo)*c.rnd.Float64() }

// blend mixes col into pixel (x, y) with opacity a; out-of-bounds is ignored.
func (c *canvas) blend(x, y int, col rgb, a float64) {
	if x < 0 || y < 0 || x >= c.w || y >= c.h || a <= 0 {
		return
	}
	i := y*c.img.Stride + x*4
	p := c.img.Pix[i : i+4 : i+4]
	if a >= 1 {
		p[0], p[1], p[2], p[3] = clampByte(col.r), clampByte(col.g), clampByte(col.b), 255
		return
	}
	p[0] = clampByte(float64(p[0]) + (col.r-float64(p[0]))*a)
	p[1] = clampByte(float64(p[1]) + (col.g-float64(p[1]))*a)
	p[2] = clampByte(float64(p[2]) + (col.b-float64(p[2]))*a)
	p[3] = 255
}

// at returns the colour of pixel (x, y), clamped to the picture.
func (c *canvas) at(x, y int) rgb {
	x = max(0, min(c.w-1, x))
	y = max(0, min(c.h-1, y))
	i := y*c.img.Stride + x*4
	return rgb{float64(c.img.Pix[i]), float64(c.img.Pix[i+1]), float64(c.img.Pix[i+2])}
}

// vgrad fills rows y0..y1 with a vertical gradient through evenly spaced stops.
func (c *canvas) vgrad(y0, y1 int, stops ...rgb) {
	y0, y1 = max(0, y0), min(c.h, y1)
	n := len(stops) - 1
	for y := y0; y < y1; y++ {
		t := float64(y-y0) / math.Max(1, float64(y1-y0-1)) * float64(n)
		k := min(int(t), n-1)
		col := mix(stops[k], stops[k+1], t-float64(k))
		r, g, b := clampByte(col.r), clampByte(col.g), clampByte(col.b)
		row := c.img.Pix[y*c.img.Stride : y*c.img.Stride+c.w*4]
		for i := 0; i < len(row); i += 4 {
			row[i], row[i+1], row[i+2], row[i+3] = r, g, b, 255
		}
	}
}

// glow adds a soft radial light: opacity strength·exp(-d²/r²) around (cx, cy),
// squashed vertically by squash (1 = round).
func (c *canvas) glow(cx, cy, r, squash float64, col rgb, strength float64) {
	ry := r * squash
	x0, x1 := int(cx-2.5*r), int(cx+2.5*r)
	y0, y1 := int(cy-2.5*ry), int(cy+2.5*ry)
	for y := max(0, y0); y < min(c.h, y1); y++ {
		dy := (float64(y) - cy) / ry
		for x := max(0, x0); x < min(c.w, x1); x++ {
			dx := (float64(x) - cx) / r
			d2 := dx*dx + dy*dy
			if d2 < 6.25 {
				c.blend(x, y, col, strength*math.Exp(-d2))
			}
		}
	}
}

// ellipse fills an anti-aliased ellipse.
func (c *canvas) ellipse(cx, cy, rx, ry float64, col rgb, a float64) {
	m := math.Min(rx, ry)
	for y := max(0, int(cy-ry-1)); y < min(c.h, int(cy+ry+2)); y++ {
		dy := (float64(y) + 0.5 - cy) / ry
		for x := max(0, int(cx-rx-1)); x < min(c.w, int(cx+rx+2)); x++ {
			dx := (float64(x) + 0.5 - cx) / rx
			d := (math.Sqrt(dx*dx+dy*dy) - 1) * m
			if cov := clamp01(0.5 - d); cov > 0 {
				c.blend(x, y, col, a*cov)
			}
		}
	}
}

// disc fills an anti-aliased circle.
func (c *canvas) disc(cx, cy, r float64, col rgb, a float64) { c.ellipse(cx, cy, r, r, col, a) }

// rect fills the axis-aligned rectangle [x0,x1)×[y0,y1) (whole pixels).
func (c *canvas) rect(x0, y0, x1, y1 float64, col rgb, a float64) {
	for y := max(0, int(y0)); y < min(c.h, int(math.Ceil(y1))); y++ {
		for x := max(0, int(x0)); x < min(c.w, int(math.Ceil(x1))); x++ {
			c.blend(x, y, col, a)
		}
	}
}

// poly fills an anti-aliased polygon given as x, y pairs, rasterised only
// over its bounding box so that many small shapes stay cheap.
func (c *canvas) poly(col rgb, a float64, pts ...float64) {
	if len(pts) < 6 {
		return
	}
	minX, minY, maxX, maxY := pts[0], pts[1], pts[0], pts[1]
	for i := 0; i < len(pts); i += 2 {
		minX, maxX = math.Min(minX, pts[i]), math.Max(maxX, pts[i])
		minY, maxY = math.Min(minY, pts[i+1]), math.Max(maxY, pts[i+1])
	}
	r := image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX))+1, int(math.Ceil(maxY))+1).Intersect(c.img.Bounds())
	if r.Empty() {
		return
	}
	ox, oy := float32(r.Min.X), float32(r.Min.Y)
	c.ras.Reset(r.Dx(), r.Dy())
	c.ras.DrawOp = draw.Over
	c.ras.MoveTo(float32(pts[0])-ox, float32(pts[1])-oy)
	for i := 2; i < len(pts); i += 2 {
		c.ras.LineTo(float32(pts[i])-ox, float32(pts[i+1])-oy)
	}
	c.ras.ClosePath()
	src := image.NewUniform(color.NRGBA{clampByte(col.r), clampByte(col.g), clampByte(col.b), clampByte(a * 255)})
	c.ras.Draw(c.img, r, src, image.Point{})
}

// line draws a straight stroke of width w.
func (c *canvas) line(x0, y0, x1, y1, w float64, col rgb, a float64) {
	dx, dy := x1-x0, y1-y0
	l := math.Hypot(dx, dy)
	if l == 0 {
		return
	}
	nx, ny := -dy/l*w/2, dx/l*w/2
	c.poly(col, a, x0+nx, y0+ny, x1+nx, y1+ny, x1-nx, y1-ny, x0-nx, y0-ny)
}

// noise1 is smooth 1-D value noise in [0, 1].
type noise1 [256]float64

func (c *canvas) newNoise() *noise1 {
	var n noise1
	for i := range n {
		n[i] = c.rnd.Float64()
	}
	return &n
}

func (n *noise1) at(x float64) float64 {
	f := math.Floor(x)
	t := x - f
	t = t * t * (3 - 2*t)
	i := int(int64(f) & 255)
	return n[i] + (n[(i+1)&255]-n[i])*t
}

// fbm sums octaves of noise (fractal Brownian motion), normalised to [0, 1].
func (n *noise1) fbm(x float64, octaves int) float64 {
	sum, amp, norm := 0.0, 1.0, 0.0
	for o := 0; o < octaves; o++ {
		sum += amp * n.at(x+float64(o)*37.1)
		norm += amp
		amp *= 0.5
		x *= 2.03
	}
	return sum / norm
}

// ridge fills a landform whose top edge is base - amp·fbm(x/period), down to
// the row bottom.
func (c *canvas) ridge(base, amp, period float64, octaves int, bottom float64, col rgb, a float64) {
	n := c.newNoise()
	pts := []float64{0, bottom}
	for x := 0.0; x <= float64(c.w); x += 4 {
		pts = append(pts, x, base-amp*n.fbm(x/period, octaves))
	}
	pts = append(pts, float64(c.w), bottom)
	c.poly(col, a, pts...)
}

// clouds lays soft cloud banks between rows y0 and y1: 2-D value noise
// evaluated on a coarse grid and interpolated, thresholded by cover (0–1).
func (c *canvas) clouds(y0, y1 int, col rgb, cover, opacity, stretch float64) {
	const step = 8
	gw, gh := c.w/step+2, (y1-y0)/step+2
	lat := make([]float64, 64*64)
	for i := range lat {
		lat[i] = c.rnd.Float64()
	}
	val := func(x, y float64) float64 {
		fx, fy := math.Floor(x), math.Floor(y)
		tx, ty := x-fx, y-fy
		tx, ty = tx*tx*(3-2*tx), ty*ty*(3-2*ty)
		ix, iy := int(fx)&63, int(fy)&63
		a, b := lat[iy*64+ix], lat[iy*64+(ix+1)&63]
		cc, d := lat[((iy+1)&63)*64+ix], lat[((iy+1)&63)*64+(ix+1)&63]
		return (a+(b-a)*tx)*(1-ty) + (cc+(d-cc)*tx)*ty
	}
	grid := make([]float64, gw*gh)
	for gy := 0; gy < gh; gy++ {
		for gx := 0; gx < gw; gx++ {
			x, y := float64(gx*step)/(180*stretch), float64(gy*step)/90
			v := 0.5*val(x, y) + 0.3*val(x*2.1+5, y*2.1+3) + 0.2*val(x*4.3+9, y*4.3+1)
			grid[gy*gw+gx] = clamp01((v - (1 - cover)) / 0.25)
		}
	}
	for y := max(0, y0); y < min(c.h, y1); y++ {
		gy := float64(y-y0) / step
		iy := min(int(gy), gh-2)
		ty := gy - float64(iy)
		fade := math.Sin(math.Pi * float64(y-y0) / float64(y1-y0))
		for x := 0; x < c.w; x++ {
			gx := float64(x) / step
			ix := min(int(gx), gw-2)
			tx := gx - float64(ix)
			v := (grid[iy*gw+ix]*(1-tx)+grid[iy*gw+ix+1]*tx)*(1-ty) + (grid[(iy+1)*gw+ix]*(1-tx)+grid[(iy+1)*gw+ix+1]*tx)*ty
			if v > 0 {
				c.blend(x, y, col, v*opacity*fade)
			}
		}
	}
}

// reflect turns everything below row hz into water mirroring the rows above
// it, with rippled rows, a tint that deepens towards the viewer and glints.
func (c *canvas) reflect(hz int, tint rgb, glint rgb) {
	n := c.newNoise()
	depth := float64(c.h - hz)
	for y := hz; y < c.h; y++ {
		d := float64(y - hz)
		t := d / depth
		sy := hz - 1 - int(d*0.85)
		off := (n.at(d*0.21)-0.5)*(4+22*t) + math.Sin(d*0.9)*(0.5+1.5*t)
		m := 0.22 + 0.5*t
		for x := 0; x < c.w; x++ {
			src := c.at(x+int(off), sy)
			c.blend(x, y, mix(src.scale(0.92), tint, m), 1)
		}
	}
	for i := 0; i < 260; i++ {
		y := float64(hz) + math.Pow(c.rnd.Float64(), 1.6)*depth
		x := c.rf(0, float64(c.w))
		l := c.rf(8, 40) * (1 + (y-float64(hz))/depth*2)
		c.line(x, y, x+l, y, 1.2, glint, c.rf(0.08, 0.3))
	}
}

// finish adds a vignette and fine monochrome grain (the look of a photo
// print); grain is in 0–255 levels.
func (c *canvas) finish(vignette, grain float64) {
	cx, cy := float64(c.w)/2, float64(c.h)/2
	norm := 1 / (cx*cx + cy*cy)
	state := c.rnd.Uint32() | 1
	for y := 0; y < c.h; y++ {
		dy := float64(y) - cy
		row := c.img.Pix[y*c.img.Stride:]
		for x := 0; x < c.w; x++ {
			dx := float64(x) - cx
			k := 1 - vignette*(dx*dx+dy*dy)*norm
			state ^= state << 13
			state ^= state >> 17
			state ^= state << 5
			g := (float64(state&255)/255 - 0.5) * 2 * grain
			i := x * 4
			row[i] = clampByte(float64(row[i])*k + g)
			row[i+1] = clampByte(float64(row[i+1])*k + g)
			row[i+2] = clampByte(float64(row[i+2])*k + g)
		}
	}
}

// encode returns the picture as a JPEG and its sha256 in hex.
func (c *canvas) encode() ([]byte, string, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, c.img, &jpeg.Options{Quality: jpegQuality}); err != nil {
		return nil, "", fmt.Errorf("demo: encode jpeg: %w", err)
	}
	sum := sha256.Sum256(buf.Bytes())
	return buf.Bytes(), hex.EncodeToString(sum[:]), nil
}

// headStyle selects the outline of a head shot's silhouette.
type headStyle int

// Head-shot silhouettes.
const (
	hairShort headStyle = iota
	hairLong
	hairBun
	hairCurly
	hairCrop
)

// headshot draws a stylised portrait: a head-and-shoulders silhouette with a
// rim light on a graded background of colour bg.
func headshot(name string, bg rgb, style headStyle) *canvas {
	c := newCanvas(headSize, headSize, name)
	c.vgrad(0, headSize, mix(bg, rgb{255, 255, 255}, 0.25), bg, bg.scale(0.7))
	c.glow(240, 150, 150, 1, mix(bg, rgb{255, 250, 235}, 0.6), 0.45)
	sil := mix(bg.scale(0.28), rgb{30, 32, 40}, 0.5)
	rim := mix(bg, rgb{255, 255, 255}, 0.65)
	coat := mix(bg.scale(0.45), rgb{40, 44, 58}, 0.4)
	figure := func(dx float64, body, col rgb) {
		c.ellipse(200+dx, 445, 165, 140, body, 1)
		c.rect(176+dx, 245, 224+dx, 320, col, 1)
		c.poly(col, 1, 170+dx, 308, 230+dx, 308, 200+dx, 350)
		switch style {
		case hairLong:
			c.ellipse(200+dx, 200, 86, 112, col, 1)
		case hairBun:
			c.disc(200+dx, 82, 34, col, 1)
		case hairCurly:
			for i := 0; i < 9; i++ {
				ang := math.Pi * (1.05 + 0.9*float64(i)/8)
				c.disc(200+dx+80*math.Cos(ang), 165+84*math.Sin(ang), 30, col, 1)
			}
		case hairCrop:
			c.ellipse(200+dx, 142, 80, 62, col, 1)
		}
		c.ellipse(200+dx, 178, 72, 90, col, 1)
	}
	figure(4, rim, rim)
	figure(0, coat, sil)
	c.finish(0.35, 2)
	return c
}
