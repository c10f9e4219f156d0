package media

import (
	"fmt"
	"image"

	"golang.org/x/image/draw"
)

// renditions makes the resized copies of img at every RenditionWidths value
// narrower than img (never upscaling), heights rounded to keep the aspect
// ratio (at least 1 pixel). Each is scaled with Catmull-Rom from the next
// larger one, which keeps quality and costs far less than scaling every
// rendition from a large original. Opaque images give JPEGs, others PNGs.
// The result is ordered by width, narrowest first.
func renditions(img image.Image, opaque bool) ([]Rendition, error) {
	src := img
	sb := img.Bounds()
	var out []Rendition
	for i := len(RenditionWidths) - 1; i >= 0; i-- {
		w := RenditionWidths[i]
		if w >= sb.Dx() {
			continue
		}
		h := int((int64(sb.Dy())*int64(w)*2 + int64(sb.Dx())) / (2 * int64(sb.Dx())))
		if h < 1 {
			h = 1
		}
		dst := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
		r := Rendition{Width: w, Height: h}
		var err error
		if opaque {
			r.MIME = "image/jpeg"
			r.Data, err = encodeJPEG(dst)
		} else {
			r.MIME = "image/png"
			r.Data, err = encodePNG(dst)
		}
		if err != nil {
			return nil, fmt.Errorf("media: encode %d px rendition: %w", w, err)
		}
		r.Checksum = checksum(r.Data)
		out = append([]Rendition{r}, out...)
		src = dst
	}
	return out, nil
}
