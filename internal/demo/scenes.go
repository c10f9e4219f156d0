package demo

import "math"

// A scene paints a whole lead picture. Variant v (0, 1, 2) picks the light:
// scenes read it through the sky palette below. Each scene is a handful of
// layered shapes — the layout is random but seeded by the picture's name.
type scene func(c *canvas, v int)

// scenes maps the scene names used by the demo stories to their painters.
var scenes = map[string]scene{
	"harbour":  harbourScene,
	"bridge":   bridgeScene,
	"skyline":  skylineScene,
	"storm":    stormScene,
	"hills":    hillsScene,
	"lanterns": lanternScene,
	"stadium":  stadiumScene,
	"civic":    civicScene,
	"market":   marketScene,
	"regatta":  regattaScene,
	"gallery":  galleryScene,
}

// sky is one lighting palette: gradient stops top to horizon, the sun's
// colour, and the colour of distant haze and of near silhouettes.
type sky struct {
	top, mid, low, sun, haze, dark, water rgb
}

var skies = []sky{
	// 0: golden hour.
	{hexc("#2d4a72"), hexc("#c98a6b"), hexc("#f6c886"), hexc("#fff1c9"), hexc("#b08a86"), hexc("#1f2233"), hexc("#34506e")},
	// 1: clear morning.
	{hexc("#5d8fc4"), hexc("#a9c9e2"), hexc("#e8ecea"), hexc("#fffdf2"), hexc("#9fb3c2"), hexc("#2b3a48"), hexc("#3f6684")},
	// 2: blue hour.
	{hexc("#0f1a33"), hexc("#3b3f6e"), hexc("#b06f73"), hexc("#ffd9a8"), hexc("#5a5378"), hexc("#0d1020"), hexc("#1b2540")},
}

func skyFor(v int) sky { return skies[((v%len(skies))+len(skies))%len(skies)] }

// backdrop paints the sky down to row hz, a sun and a few clouds.
func backdrop(c *canvas, s sky, hz int, sunX, sunY float64) {
	c.vgrad(0, hz+2, s.top, s.mid, s.low)
	c.clouds(0, int(float64(hz)*0.8), mix(s.low, s.sun, 0.4), 0.45, 0.45, 2.2)
	c.glow(sunX, sunY, 260, 0.7, s.sun, 0.35)
	c.glow(sunX, sunY, 70, 1, s.sun, 0.6)
	c.disc(sunX, sunY, 26, s.sun, 0.95)
}

func harbourScene(c *canvas, v int) {
	s := skyFor(v)
	hz := int(float64(c.h) * 0.6)
	backdrop(c, s, hz, c.rf(0.55, 0.85)*float64(c.w), float64(hz)*c.rf(0.45, 0.7))
	c.ridge(float64(hz)-10, 70, 260, 4, float64(hz)+2, mix(s.haze, s.low, 0.35), 1)
	c.ridge(float64(hz)+1, 30, 140, 3, float64(hz)+2, mix(s.haze, s.dark, 0.35), 1)
	// Warehouses along the quay.
	for x := 0.0; x < float64(c.w)*0.55; {
		w, h := c.rf(50, 120), c.rf(18, 48)
		col := mix(s.dark, s.haze, c.rf(0.15, 0.4))
		c.rect(x, float64(hz)-h, x+w, float64(hz)+1, col, 1)
		c.poly(col, 1, x, float64(hz)-h, x+w/2, float64(hz)-h-14, x+w, float64(hz)-h)
		x += w + c.rf(2, 10)
	}
	// Gantry cranes.
	for i := 0; i < 3; i++ {
		x := float64(c.w) * (0.12 + 0.16*float64(i) + c.rf(-0.03, 0.03))
		top := float64(hz) - c.rf(150, 210)
		col := mix(s.dark, s.haze, 0.15)
		c.line(x, float64(hz), x+10, top, 6, col, 1)
		c.line(x+40, float64(hz), x+30, top, 6, col, 1)
		c.line(x, top+20, x+40, top+40, 3, col, 1)
		c.line(x-60, top, x+190, top, 7, col, 1)
		c.line(x+20, top-40, x+190, top, 2, col, 1)
		c.line(x+20, top-40, x-60, top, 2, col, 1)
		c.line(x+130, top, x+130, top+c.rf(40, 90), 1.5, col, 1)
	}
	c.reflect(hz, s.water, s.sun)
	// Boats at anchor.
	for i := 0; i < 4; i++ {
		x, y := c.rf(0.45, 0.95)*float64(c.w), float64(hz)+c.rf(25, 200)
		k := 0.5 + (y-float64(hz))/200
		l := 90 * k
		col := s.dark
		c.poly(col, 1, x, y, x+l, y, x+l*0.88, y+l*0.16, x+l*0.1, y+l*0.16)
		c.rect(x+l*0.3, y-l*0.18, x+l*0.6, y+1, mix(col, s.haze, 0.2), 1)
		c.line(x+l*0.45, y, x+l*0.45, y-l*0.7, 2*k, col, 1)
		c.poly(s.dark, 0.35, x, y+l*0.17, x+l, y+l*0.17, x+l*0.9, y+l*0.3, x+l*0.05, y+l*0.3)
	}
	c.finish(0.45, 2)
}

func bridgeScene(c *canvas, v int) {
	s := skyFor(v)
	hz := int(float64(c.h) * 0.66)
	backdrop(c, s, hz, c.rf(0.4, 0.6)*float64(c.w), float64(hz)*0.55)
	c.ridge(float64(hz)-5, 60, 300, 4, float64(hz)+2, mix(s.haze, s.low, 0.3), 1)
	col := s.dark
	deck := float64(hz) - 46
	t1, t2 := float64(c.w)*0.24, float64(c.w)*0.76
	top := deck - 230
	// Main cable, side spans and hangers.
	cable := func(x float64) float64 {
		switch {
		case x < t1:
			u := x / t1
			return top + (deck-20-top)*(1-u)*(1-u)*0.9 + (1-u)*18
		case x > t2:
			u := (float64(c.w) - x) / (float64(c.w) - t2)
			return top + (deck-20-top)*(1-u)*(1-u)*0.9 + (1-u)*18
		}
		u := (x - t1) / (t2 - t1)
		return top + (deck-12-top)*4*u*(1-u)
	}
	for x := 0.0; x < float64(c.w); x += 8 {
		c.line(x, cable(x), x+8, cable(x+8), 3.5, col, 1)
		if math.Mod(x, 24) == 0 {
			c.line(x, cable(x), x, deck, 1.2, col, 0.85)
		}
	}
	for _, tx := range []float64{t1, t2} {
		c.poly(col, 1, tx-16, deck+40, tx-10, top-10, tx+10, top-10, tx+16, deck+40)
		c.rect(tx-14, top+40, tx+14, top+52, mix(col, s.haze, 0.3), 1)
		c.rect(tx-12, top+120, tx+12, top+130, mix(col, s.haze, 0.3), 1)
	}
	c.rect(0, deck, float64(c.w), deck+14, col, 1)
	c.line(0, deck+16, float64(c.w), deck+16, 2, mix(col, s.sun, 0.2), 1)
	for x := 60.0; x < float64(c.w); x += 170 {
		c.poly(col, 1, x-10, float64(hz)+2, x-7, deck, x+7, deck, x+10, float64(hz)+2)
	}
	// Traffic lights on the deck.
	for i := 0; i < 30; i++ {
		x := c.rf(0, float64(c.w))
		c.glow(x, deck+6, 6, 1, s.sun, 0.5)
	}
	c.reflect(hz, s.water, s.sun)
	c.finish(0.45, 2)
}

// buildings draws a row of blocks from the left edge to the right whose
// bases sit on row base; lit windows appear with probability lit.
func buildings(c *canvas, base, minH, maxH float64, col, window rgb, lit float64) {
	for x := -10.0; x < float64(c.w); {
		w, h := c.rf(40, 110), c.rf(minH, maxH)
		c.rect(x, base-h, x+w, base+1, col, 1)
		if c.rnd.IntN(4) == 0 {
			c.rect(x+w*0.4, base-h-c.rf(10, 40), x+w*0.6, base-h, col, 1)
		}
		if lit > 0 {
			for wy := base - h + 8; wy < base-10; wy += 13 {
				for wx := x + 6; wx < x+w-10; wx += 11 {
					if c.rnd.Float64() < lit {
						c.rect(wx, wy, wx+5, wy+7, mix(window, col, c.rf(0, 0.5)), 0.9)
					}
				}
			}
		}
		x += w + c.rf(0, 6)
	}
}

func skylineScene(c *canvas, v int) {
	s := skyFor(v)
	hz := int(float64(c.h) * 0.72)
	backdrop(c, s, hz, c.rf(0.15, 0.35)*float64(c.w), float64(hz)*0.5)
	buildings(c, float64(hz), 80, 260, mix(s.haze, s.low, 0.25), s.sun, 0)
	lit := 0.08
	if v == 2 {
		lit = 0.45
	}
	buildings(c, float64(hz), 40, 200, s.dark, hexc("#ffd58a"), lit)
	c.reflect(hz, s.water, s.sun)
	c.finish(0.45, 2)
}

func stormScene(c *canvas, v int) {
	hz := int(float64(c.h) * 0.55)
	c.vgrad(0, hz+2, hexc("#2a3038"), hexc("#4b5560"), hexc("#8a949a"))
	c.clouds(0, hz, hexc("#1b2026"), 0.6, 0.8, 1.6)
	c.clouds(0, hz, hexc("#aab3b8"), 0.35, 0.35, 2.5)
	// Headland and lighthouse.
	lx := c.rf(0.68, 0.8) * float64(c.w)
	c.poly(hexc("#1d2226"), 1, lx-260, float64(hz)+4, lx-120, float64(hz)-40, lx+40, float64(hz)-55, lx+200, float64(hz)-20, lx+320, float64(hz)+4)
	c.poly(hexc("#e9e4d8"), 1, lx-14, float64(hz)-50, lx-8, float64(hz)-170, lx+8, float64(hz)-170, lx+14, float64(hz)-50)
	c.rect(lx-13, float64(hz)-140, lx+13, float64(hz)-125, hexc("#b03a2e"), 1)
	c.rect(lx-13, float64(hz)-100, lx+13, float64(hz)-85, hexc("#b03a2e"), 1)
	c.rect(lx-12, float64(hz)-190, lx+12, float64(hz)-170, hexc("#fff2b0"), 1)
	c.poly(hexc("#1d2226"), 1, lx-15, float64(hz)-190, lx, float64(hz)-206, lx+15, float64(hz)-190)
	c.poly(hexc("#fff5c8"), 0.18, lx, float64(hz)-180, lx-520, float64(hz)-260, lx-520, float64(hz)-150)
	c.glow(lx, float64(hz)-180, 40, 1, hexc("#fff5c8"), 0.7)
	// Sea: dark bands with breaking crests.
	c.vgrad(hz, c.h, hexc("#56626a"), hexc("#2c363d"), hexc("#182026"))
	for i := 0; i < 9; i++ {
		y := float64(hz) + math.Pow(float64(i+1)/9, 1.5)*float64(c.h-hz)
		c.ridge(y, 8+float64(i)*5, 40+float64(i)*20, 3, float64(c.h), mix(hexc("#3a464e"), hexc("#141b20"), float64(i)/9), 0.55)
		for k := 0; k < 14+i*3; k++ {
			x := c.rf(0, float64(c.w))
			l := c.rf(10, 30) * (1 + float64(i)*0.4)
			c.line(x, y-c.rf(2, 12), x+l, y-c.rf(0, 6), 1+float64(i)*0.4, hexc("#dfe6e8"), c.rf(0.2, 0.55))
		}
	}
	// Rain.
	for i := 0; i < 700; i++ {
		x, y := c.rf(-100, float64(c.w)), c.rf(0, float64(c.h))
		l := c.rf(12, 30)
		c.line(x, y, x+l*0.35, y+l, 1, hexc("#d7dde0"), c.rf(0.06, 0.18))
	}
	c.finish(0.55, 2.5)
}

func hillsScene(c *canvas, v int) {
	s := skyFor(v)
	hz := int(float64(c.h) * 0.55)
	backdrop(c, s, hz+60, c.rf(0.3, 0.7)*float64(c.w), float64(hz)*0.6)
	layers := 6
	for i := 0; i < layers; i++ {
		t := float64(i) / float64(layers-1)
		base := float64(hz) + t*float64(c.h-hz)*0.9
		col := mix(mix(s.haze, s.low, 0.3), mix(s.dark, hexc("#2f4a2c"), 0.4), math.Pow(t, 0.8))
		c.ridge(base, 60+40*t, 220-100*t, 4, float64(c.h), col, 1)
		if i == 3 {
			// A tram line on its embankment: mast, wire and a car.
			y := base + 30
			c.line(0, y, float64(c.w), y-40, 4, s.dark, 0.9)
			for x := 40.0; x < float64(c.w); x += 150 {
				yy := y - 40*x/float64(c.w)
				c.line(x, yy, x, yy-46, 2, s.dark, 0.9)
			}
			c.line(0, y-46, float64(c.w), y-86, 1, s.dark, 0.8)
			tx := c.rf(0.3, 0.6) * float64(c.w)
			ty := y - 40*tx/float64(c.w)
			c.poly(hexc("#c8432f"), 1, tx, ty-4, tx+150, ty-10, tx+150, ty-44, tx+4, ty-38)
			for k := 0.0; k < 5; k++ {
				c.rect(tx+14+k*26, ty-34-k*1.2, tx+30+k*26, ty-22-k*1.2, mix(s.sun, s.low, 0.4), 0.9)
			}
		}
	}
	c.finish(0.4, 2)
}

func lanternScene(c *canvas, v int) {
	s := skyFor(2)
	hz := int(float64(c.h) * 0.68)
	c.vgrad(0, hz+2, hexc("#0b1230"), hexc("#2a2355"), hexc("#6b3b5c"))
	c.clouds(0, hz/2, hexc("#3b3566"), 0.4, 0.4, 2)
	buildings(c, float64(hz), 40, 170, s.dark, hexc("#ffcf7a"), 0.3)
	warm := []rgb{hexc("#ffb347"), hexc("#ff8a3d"), hexc("#ffd36e"), hexc("#ff6f61")}
	for i := 0; i < 70+v*10; i++ {
		d := c.rnd.Float64()
		x := c.rf(0, float64(c.w))
		y := float64(hz)*(0.08+0.8*d) + c.rf(-30, 30)
		r := 3 + 9*d
		col := warm[c.rnd.IntN(len(warm))]
		c.glow(x, y, r*3, 1, col, 0.35)
		c.ellipse(x, y, r*0.8, r, mix(col, hexc("#fff3d6"), 0.5), 0.95)
	}
	c.reflect(hz, hexc("#141a38"), hexc("#ffc46b"))
	c.finish(0.5, 2)
}

func stadiumScene(c *canvas, v int) {
	w, h := float64(c.w), float64(c.h)
	c.vgrad(0, c.h, hexc("#070b1c"), hexc("#16214a"), hexc("#2a3563"))
	top := h * 0.34
	// Stands with a speckled crowd.
	c.poly(hexc("#1a1d2b"), 1, 0, top, w, top, w, h*0.58, 0, h*0.58)
	shirts := []rgb{hexc("#c7372f"), hexc("#f2f2f2"), hexc("#203f8f"), hexc("#d9a441"), hexc("#6b7280")}
	for i := 0; i < 4200; i++ {
		x, y := c.rf(0, w), c.rf(top+6, h*0.57)
		col := shirts[c.rnd.IntN(len(shirts))]
		if c.rnd.IntN(3) == 0 {
			col = shirts[v%2]
		}
		c.rect(x, y, x+2, y+3, col, c.rf(0.35, 0.8))
	}
	c.rect(0, top-8, w, top, hexc("#2f3448"), 1)
	// Pitch in perspective with mown stripes.
	py0, py1 := h*0.58, h
	for i := 0; i < 10; i++ {
		a, b := float64(i)/10, float64(i+1)/10
		ya := py0 + (py1-py0)*a*a
		yb := py0 + (py1-py0)*b*b
		col := hexc("#2f7d3a")
		if i%2 == 1 {
			col = hexc("#3a9145")
		}
		c.poly(col, 1, -w*0.2*a, ya, w+w*0.2*a, ya, w+w*0.2*b, yb, -w*0.2*b, yb)
	}
	c.line(0, py0+2, w, py0+2, 3, hexc("#eef2ee"), 0.85)
	c.line(w*0.5, py0, w*0.5, h, 3, hexc("#eef2ee"), 0.8)
	c.ellipse(w*0.5, py0+(py1-py0)*0.45, 170, 60, hexc("#eef2ee"), 0.8)
	c.ellipse(w*0.5, py0+(py1-py0)*0.45, 166, 57, hexc("#35873f"), 1)
	// Players.
	for i := 0; i < 9; i++ {
		x, y := c.rf(0.1, 0.9)*w, c.rf(py0+20, h-30)
		k := 0.6 + (y-py0)/(h-py0)
		col := hexc("#c7372f")
		if i%2 == 1 {
			col = hexc("#f4f4f4")
		}
		c.rect(x-5*k, y-34*k, x+5*k, y-12*k, col, 1)
		c.disc(x, y-39*k, 5*k, hexc("#3b2a22"), 1)
		c.line(x-3*k, y-12*k, x-5*k, y, 3*k, hexc("#1b1b1b"), 1)
		c.line(x+3*k, y-12*k, x+6*k, y, 3*k, hexc("#1b1b1b"), 1)
		c.ellipse(x, y+1, 9*k, 2.5*k, hexc("#143d1c"), 0.5)
	}
	// Floodlights.
	for _, fx := range []float64{w * 0.08, w * 0.92} {
		c.line(fx, top, fx, 40, 5, hexc("#2b2f40"), 1)
		c.rect(fx-36, 22, fx+36, 52, hexc("#f7f4e2"), 1)
		c.glow(fx, 37, 120, 0.8, hexc("#fff9e0"), 0.55)
		c.poly(hexc("#fff9e0"), 0.07, fx-30, 52, fx+30, 52, w*0.5+(fx-w*0.5)*0.2+200, h, w*0.5+(fx-w*0.5)*0.2-200, h)
	}
	c.finish(0.45, 2)
}

func civicScene(c *canvas, v int) {
	s := skyFor(v)
	w, h := float64(c.w), float64(c.h)
	ground := h * 0.82
	backdrop(c, s, int(ground), c.rf(0.75, 0.9)*w, h*0.25)
	stone := mix(hexc("#d8cdb8"), s.haze, 0.3)
	if v == 2 {
		stone = hexc("#6d6a78")
	}
	shade := stone.scale(0.72)
	x0, x1 := w*0.18, w*0.82
	base, eave := ground-40, h*0.36
	c.poly(stone, 1, x0-20, eave, w*0.5, eave-110, x1+20, eave)
	c.poly(shade, 1, x0+30, eave-8, w*0.5, eave-88, x1-30, eave-8)
	c.rect(x0-20, eave, x1+20, eave+36, stone, 1)
	c.rect(x0-20, eave+36, x1+20, eave+44, shade, 1)
	c.rect(x0, eave+44, x1, base, shade.scale(0.8), 1)
	n := 8
	for i := 0; i < n; i++ {
		cx := x0 + 30 + (x1-x0-60)*float64(i)/float64(n-1)
		c.rect(cx-17, eave+44, cx+17, base, stone, 1)
		c.rect(cx+6, eave+44, cx+17, base, stone.scale(0.86), 1)
		c.rect(cx-22, eave+44, cx+22, eave+54, stone, 1)
		c.rect(cx-22, base-10, cx+22, base, stone, 1)
	}
	if v == 2 {
		for i := 0; i < n-1; i++ {
			cx := x0 + 30 + (x1-x0-60)*(float64(i)+0.5)/float64(n-1)
			c.rect(cx-14, eave+100, cx+14, base-20, hexc("#ffcf7a"), 0.85)
			c.glow(cx, base-60, 50, 1.4, hexc("#ffcf7a"), 0.25)
		}
	}
	for i := 0; i < 5; i++ {
		y := base + float64(i)*8
		c.rect(x0-20-float64(i)*14, y, x1+20+float64(i)*14, y+8, mix(stone, shade, float64(i%2)*0.5), 1)
	}
	c.vgrad(int(ground), c.h, mix(stone, s.dark, 0.4), mix(stone, s.dark, 0.65))
	// Flag.
	c.line(w*0.5, eave-110, w*0.5, eave-210, 3, s.dark, 1)
	c.poly(hexc("#1f4e8c"), 1, w*0.5+2, eave-208, w*0.5+74, eave-200, w*0.5+70, eave-168, w*0.5+2, eave-174)
	c.poly(hexc("#f2c14e"), 1, w*0.5+2, eave-193, w*0.5+72, eave-186, w*0.5+71, eave-180, w*0.5+2, eave-187)
	c.finish(0.4, 2)
}

func marketScene(c *canvas, v int) {
	s := skyFor(v)
	w, h := float64(c.w), float64(c.h)
	street := h * 0.86
	backdrop(c, s, int(street), c.rf(0.1, 0.3)*w, h*0.18)
	facades := []rgb{hexc("#d9a86c"), hexc("#7fa6a2"), hexc("#c46f5a"), hexc("#e6dcc3"), hexc("#5f7fa8"), hexc("#a8b07a")}
	stripes := []rgb{hexc("#b8322a"), hexc("#1f6a5a"), hexc("#27477d"), hexc("#d48a1e")}
	for x := -20.0; x < w; {
		fw, fh := c.rf(150, 230), c.rf(h*0.5, h*0.75)
		col := facades[c.rnd.IntN(len(facades))]
		top := street - fh
		c.rect(x, top, x+fw, street, col, 1)
		c.rect(x, top, x+fw, top+14, col.scale(0.8), 1)
		for wy := top + 40; wy < street-200; wy += 80 {
			for wx := x + 22; wx < x+fw-40; wx += 56 {
				c.rect(wx, wy, wx+30, wy+46, mix(s.dark, s.low, 0.25), 1)
				c.rect(wx+13, wy, wx+17, wy+46, col, 1)
			}
		}
		// Shopfront, awning and scalloped edge.
		ay := street - 150
		c.rect(x+10, ay, x+fw-10, street, mix(s.dark, hexc("#ffcf7a"), 0.25), 1)
		c.rect(x+fw*0.6, ay+30, x+fw-24, street, col.scale(0.55), 1)
		sc := stripes[c.rnd.IntN(len(stripes))]
		for i := 0; i < 8; i++ {
			a, b := x+4+(fw-8)*float64(i)/8, x+4+(fw-8)*float64(i+1)/8
			col := sc
			if i%2 == 1 {
				col = hexc("#f3efe4")
			}
			c.poly(col, 1, a+6, ay-40, b+6, ay-40, b, ay, a, ay)
			c.disc((a+b)/2, ay, (b-a)/2, col, 1)
		}
		// Crates of produce.
		for k := 0; k < 3; k++ {
			bx := x + 20 + float64(k)*40
			c.rect(bx, street-30, bx+34, street, hexc("#8a5a32"), 1)
			for j := 0; j < 5; j++ {
				c.disc(bx+5+float64(j)*6, street-32, 5, stripes[(k+j)%len(stripes)].scale(1.15), 1)
			}
		}
		x += fw
	}
	c.vgrad(int(street), c.h, hexc("#8d8a86"), hexc("#5e5b58"))
	c.finish(0.4, 2)
}

func regattaScene(c *canvas, v int) {
	s := skyFor(v)
	w, h := float64(c.w), float64(c.h)
	hz := int(h * 0.36)
	backdrop(c, s, hz, c.rf(0.6, 0.9)*w, float64(hz)*0.5)
	c.ridge(float64(hz), 40, 200, 4, float64(hz)+2, mix(s.haze, hexc("#4f6b4a"), 0.5), 1)
	for x := 0.0; x < w; x += c.rf(6, 14) {
		c.disc(x, float64(hz)-c.rf(0, 12), c.rf(6, 14), mix(s.dark, hexc("#38532f"), 0.5), 1)
	}
	c.reflect(hz, s.water, s.sun)
	colours := []rgb{hexc("#f2f0ea"), hexc("#d6452f"), hexc("#f2c14e"), hexc("#2f6db5")}
	for i := 0; i < 4; i++ {
		y := float64(hz) + 60 + float64(i)*90 + c.rf(-15, 15)
		k := 0.6 + float64(i)*0.25
		x := c.rf(0.05, 0.45) * w
		l := 420 * k
		hull := colours[i%len(colours)]
		c.poly(hull, 1, x, y, x+l, y-2*k, x+l*0.97, y+5*k, x+l*0.05, y+6*k)
		c.poly(s.dark, 0.3, x+10, y+8*k, x+l, y+6*k, x+l*0.9, y+14*k, x+20, y+14*k)
		for r := 0; r < 8; r++ {
			rx := x + l*(0.12+0.1*float64(r))
			c.line(rx-20*k, y+18*k, rx+30*k, y-4*k, 2*k, s.dark, 0.9)
			c.rect(rx-3*k, y-18*k, rx+3*k, y-2*k, hull.scale(0.6), 1)
			c.disc(rx, y-22*k, 4*k, s.dark, 1)
		}
	}
	c.finish(0.4, 2)
}

func galleryScene(c *canvas, v int) {
	w, h := float64(c.w), float64(c.h)
	floor := h * 0.8
	c.vgrad(0, int(floor), hexc("#e9e4da"), hexc("#d4cdbf"))
	c.vgrad(int(floor), c.h, hexc("#8b6a4a"), hexc("#5a4330"))
	for x := 0.0; x < w; x += 90 {
		c.line(x, floor, x-200, h, 1, hexc("#4a3726"), 0.4)
	}
	frames := []struct{ x, y, fw, fh float64 }{{w * 0.08, h * 0.2, 300, 220}, {w * 0.4, h * 0.12, 240, 320}, {w * 0.68, h * 0.22, 300, 200}}
	for i, f := range frames {
		s := skyFor(v + i)
		c.glow(f.x+f.fw/2, f.y-10, f.fw*0.6, 0.6, hexc("#fff6dc"), 0.35)
		c.rect(f.x+8, f.y+8, f.x+f.fw+8, f.y+f.fh+8, hexc("#6d6458"), 0.35)
		c.rect(f.x-10, f.y-10, f.x+f.fw+10, f.y+f.fh+10, hexc("#2b2620"), 1)
		// A small painted seascape inside each frame.
		hz := f.y + f.fh*c.rf(0.45, 0.65)
		for y := f.y; y < f.y+f.fh; y++ {
			var col rgb
			if y < hz {
				col = mix(s.top, s.low, (y-f.y)/(hz-f.y))
			} else {
				col = mix(s.water, s.dark, (y-hz)/(f.y+f.fh-hz))
			}
			c.rect(f.x, y, f.x+f.fw, y+1, col, 1)
		}
		c.disc(f.x+f.fw*c.rf(0.2, 0.8), hz-f.fh*0.15, f.fw*0.08, s.sun, 0.9)
		c.poly(s.dark, 0.9, f.x, hz, f.x+f.fw*0.4, hz-f.fh*0.12, f.x+f.fw*0.7, hz)
		for k := 0; k < 12; k++ {
			y := hz + c.rf(4, f.y+f.fh-hz-4)
			x := f.x + c.rf(0, f.fw-30)
			c.line(x, y, x+c.rf(10, 30), y, 1.5, s.sun, 0.4)
		}
	}
	// Bench and a visitor.
	c.rect(w*0.38, floor+30, w*0.62, floor+44, hexc("#2b2620"), 1)
	c.rect(w*0.4, floor+44, w*0.41, floor+80, hexc("#2b2620"), 1)
	c.rect(w*0.59, floor+44, w*0.6, floor+80, hexc("#2b2620"), 1)
	vx := w * 0.56
	c.ellipse(vx, floor-60, 34, 90, hexc("#2d3142"), 1)
	c.disc(vx, floor-168, 24, hexc("#2d3142"), 1)
	c.rect(vx-18, floor+10, vx-6, floor+50, hexc("#2d3142"), 1)
	c.rect(vx+6, floor+10, vx+18, floor+50, hexc("#2d3142"), 1)
	c.finish(0.35, 2)
}
