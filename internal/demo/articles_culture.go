package demo

import "time"

var cultureStories = []story{
	{
		slug:     "lantern-festival-returns",
		section:  "culture",
		headline: "Lantern Festival returns to the waterfront with a longer parade",
		dek:      "Organisers expect 60,000 visitors over three nights, and for the first time the procession of paper lanterns will cross the Harbour Bridge.",
		authors:  []string{"priya-castellanos"},
		tags:     []string{"festivals", "arts", "waterfront", "small-business"},
		age:      9 * time.Hour,
		photo: picture{
			scene: "lanterns", variant: 1,
			alt:     "Hundreds of glowing paper lanterns float above a dark city skyline, their lights reflected in the water below.",
			caption: "Lanterns rise over the Old Town waterfront on the festival's opening night last year.",
			credit:  "Photo: Sol Marchetti/Gazette",
		},
		body: `Harbourton's Lantern Festival returns next weekend with a longer parade, more workshops and, for the first time in its history, a procession across the Harbour Bridge, which will close to traffic for two hours on the Saturday evening.

The festival began twenty-two years ago as a small event organised by the Lantern Street traders to bring shoppers into the Old Town on a dark winter weekend. It now draws visitors from across the region, and organisers expect about 60,000 people over its three nights.

## Across the bridge

This year's procession will start at the North Quay slipway, cross the bridge and finish at the Customs House, a route of just under three kilometres. About 1,200 people have signed up to carry lanterns, most of them made in free workshops in schools and community halls over the past month.

> "Walking across the bridge with a lantern, with the river dark below you and the whole city lit up ahead: that's the picture we've been trying to make for twenty years," said Sunniva Okoro-Flint, the festival's artistic director.

Engineers have approved the crossing, saying the weight of a walking crowd is well within the bridge's limits even with the current restrictions on its main cables.

## What's on

Highlights this year include:

- an opening night of music on the harbour front, led by the Harbourton Chamber Orchestra and three local choirs;
- a lantern trail through the alleys of the Old Town, with twenty large installations by local artists;
- late opening at the Customs House Gallery, where the exhibition *Salt and Iron* has been extended to coincide with the festival;
- a night market of food and crafts on Wendside, beside the newly reopened fish market.

## Money worries

The festival's organisers said this year's event was secure, but warned that the council's cut to arts grants would make next year's harder. The festival receives about a third of its money from the council, with the rest coming from sponsors, stallholders and donations.

Traders on Lantern Street, where the festival was born, say the three nights are the busiest of their year.

[[READ NEXT: lantern-street-rents]]`,
	},
	{
		slug:     "review-salt-and-iron",
		section:  "culture",
		kicker:   "Review",
		headline: "'Salt and Iron' at the Customs House turns the harbour into a mirror",
		dek:      "Maren Tillotson's paintings of the Wend at every hour are quiet, patient and, in their best moments, startling. ★★★★☆",
		authors:  []string{"priya-castellanos"},
		tags:     []string{"arts", "harbour-bridge", "waterfront"},
		age:      23 * time.Hour,
		photo: picture{
			scene: "gallery", variant: 0,
			alt:     "A visitor stands before three framed seascapes on a pale gallery wall, lit by spotlights, with a bench in front.",
			caption: "Three of the twenty-four paintings in 'Salt and Iron', which runs at the Customs House Gallery until the end of the Lantern Festival.",
			credit:  "Photo: Customs House Gallery",
		},
		body: `There is a painting near the end of *Salt and Iron* that I went back to four times. It shows nothing much: a stretch of the Wend at dawn, a smudge of far shore, a sun that is not yet a disc. Stand close and it dissolves into knife-strokes of grey and apricot. Step back and the water seems to move.

Maren Tillotson has painted the estuary for thirty years from a studio in a former net loft at North Quay, and this exhibition, her first in her home city for more than a decade, gathers twenty-four canvases made over the last five years. Nearly all of them are views from the same stretch of quay, at different hours and in different weather.

## Patience as a method

The repetition is the point. Tillotson has said she paints the same view "until it stops being a view and starts being a mood", and the hang at the Customs House, which runs from the coldest dawn to the deepest blue dusk, lets you watch that happen.

> "I'm not interested in the bridge as a monument. I'm interested in what it does to the light," Tillotson says in a short film that plays in the gallery's final room.

The bridge is in most of the paintings, but rarely as the subject. Here it is a pair of dark verticals at the edge of a golden sky; there, only the reflection of its cable, wobbling in the water like a line drawn by an unsteady hand.

## Where it falters

Not everything works. A room of smaller studies painted at night feels hurried, as if the artist were more interested in the problem of painting darkness than in what she found there. And the wall texts, which lean heavily on quotations from the artist, leave little room for the viewer to arrive at their own conclusions.

## Why it matters now

It is hard to see the show without thinking of the argument going on outside the gallery doors about the future of the Harbour Bridge. Tillotson takes no side. But her paintings make a quiet case that the bridge is part of the city's weather, as much as the fog and the tide, and that losing it would change the way Harbourton looks at itself.

*Salt and Iron* is at the Customs House Gallery until the last night of the Lantern Festival. Entry is free.

[[READ MORE: harbour-bridge-long-read]]`,
	},
	{
		slug:     "chamber-orchestra-grant-cut",
		section:  "culture",
		headline: "Harbourton Chamber Orchestra faces cut to its council grant",
		dek:      "The orchestra says a 15 per cent reduction would mean fewer school concerts and could put its free summer series on the harbour front at risk.",
		authors:  []string{"priya-castellanos"},
		tags:     []string{"arts", "budget", "city-council"},
		age:      52 * time.Hour,
		photo: picture{
			scene: "skyline", variant: 2,
			alt:     "The city skyline at blue hour, office windows lit warm yellow, reflected in dark water.",
			caption: "The waterfront at dusk. The orchestra's summer concerts on the harbour front draw thousands of listeners each year.",
			credit:  "Photo: Jonah Pell/Gazette",
		},
		body: `The Harbourton Chamber Orchestra has warned that a proposed cut to its council grant would force it to scale back its work in schools and could end its free summer concerts on the harbour front.

The council's draft budget would reduce arts and culture grants across the city by 15 per cent. For the orchestra, which receives just under a quarter of its income from the council, that would mean a loss of about £120,000 a year.

## What would go

Lucan Farrow, the orchestra's general manager, said the orchestra would protect its main concert season, which is largely paid for by ticket sales, and look for savings elsewhere. The most likely casualties, he said, were:

- its programme of concerts in primary schools, which last year reached about 4,000 children;
- the free summer series on the harbour front, which costs about £60,000 to stage;
- a scheme that lends instruments to young players who cannot afford their own.

> "The things we'd have to cut are exactly the things that don't pay for themselves, because they're free. That's the whole point of them," Mr Farrow said.

## The council's view

Councillor Amos Pettigrew, who chairs the council's finance committee, said he understood the strength of feeling but that the council had to prioritise services it was legally required to provide, and buildings that were in urgent need of repair.

"Nobody wants to cut the arts. But I can't ask children to sit in classrooms with leaking roofs so that we can keep every grant where it is," he said.

## Players and audiences respond

More than 3,000 people have signed a petition asking the council to reverse the cut, and several of the orchestra's players have offered to perform at a fundraising concert at the Assembly Rooms next month.

The orchestra is also talking to local businesses about sponsorship. Mr Farrow said he was grateful for the offers of help but warned that sponsorship "comes and goes with the economy" in a way that public funding, until recently, did not.

The council will vote on its budget at the end of the month.

[[READ NEXT: council-passes-leaner-budget]]`,
	},
}
