package demo

import "time"

// longRead is the edition's long read, about 1,500 words.
var longRead = story{
	slug:     LongReadSlug,
	section:  "news",
	kicker:   "The Long Read",
	headline: "The bridge that made Harbourton, and the fight to keep it standing",
	dek:      "For ninety years the Harbour Bridge has carried the city across the Wend. Its cables are tired, its repair bill is rising and the council must decide what the crossing is worth.",
	authors:  []string{"mara-lindqvist"},
	tags:     []string{"harbour-bridge", "transport", "waterfront", "city-council", "budget"},
	age:      7 * time.Hour,
	photo: picture{
		scene: "bridge", variant: 0,
		alt:     "The Harbour Bridge's two towers and sagging main cable silhouetted against an orange evening sky, reflected in the Wend.",
		caption: "The Harbour Bridge at dusk, seen from the North Quay slipway. Its main span has carried traffic across the Wend since 1931.",
		credit:  "Photo: Mara Lindqvist/Gazette",
	},
	body: `At half past five on a weekday evening, the Harbour Bridge hums. You feel it before you hear it: a low vibration that climbs through the soles of your shoes when you stand at the foot of the north tower, as eleven thousand vehicles an hour ease across a deck that was designed for a city of horse carts, delivery vans and the occasional charabanc.

Ask anyone in Harbourton to draw their city and they will draw the bridge first. It is on the council's crest, on the shirts of the football club, on the tea towels in the gift shop at the Customs House. It is also, according to a structural report delivered to City Hall this spring, "approaching the end of the service life of its principal load-bearing elements".

That sentence, buried on page forty-one of a two-hundred-page document, has set off the most important argument the city has had in a generation.

## A crossing built in a hurry

The bridge was not supposed to be built when it was. For most of the nineteenth century the only way across the Wend was the chain ferry at Gull Point, a flat-bottomed barge hauled across the river on an iron chain that, according to the Gazette's archive, snapped on average twice a winter. The merchants of the Old Town wanted a bridge; the ferry company, which paid handsomely for its licence, did not.

What changed the argument was the flood of 1927. For nine days the river rose so high that the ferry could not run, and North Quay — then a district of rope works, net lofts and some four thousand households — was cut off from the hospital, the markets and the railway. When the water went down, the council voted for a bridge within the month.

The design that won the competition was a suspension bridge with a main span of 640 metres, two riveted steel towers and a pair of main cables spun on site from more than twelve thousand individual wires. The engineer, a quietly stubborn man named Aurelius Penhallow, insisted on a deck wide enough for four lanes at a time when the city had fewer than two thousand registered motor vehicles. Councillors laughed at him. He was, as it turned out, too modest by half.

## What the inspectors found

The latest inspection was the most thorough the bridge has ever had. For eighteen months, a team of rope-access engineers worked their way along the main cables, unwrapping sections of the protective casing and drilling small windows into the bundle of wires beneath.

What they found inside was not a surprise to anyone who has studied old suspension bridges, but it was sobering. In the lowest part of the main span, where rainwater collects and the salt air off the estuary does its patient work, a measurable share of the wires were corroded and a smaller share were broken outright.

> "A cable like this doesn't fail in one go. It loses strength a wire at a time, for decades, and the question is how much margin you have left and how quickly you're using it up," said Dr Anselm Roke, the city's chief bridge engineer, who has climbed the towers more times than he can count.

Dr Roke is careful not to frighten anyone. The bridge is safe to use today, he says, and a monitoring system installed last year listens for the sharp acoustic "ping" of a wire breaking, so that the engineers know within minutes if things get worse. But the margin is thinner than it was, and it will keep thinning.

[[READ MORE: council-passes-leaner-budget]]

## Three options, none of them cheap

The structural report gives the council three broad choices, and each comes with a price tag that would have seemed fantastical when the bridge was new.

The first is to replace the main cables while keeping the rest of the bridge: towers, anchorages and deck. It has been done elsewhere, but rarely, and it is slow, delicate work. New cables would be spun alongside the old ones and the load transferred across, a few hangers at a time. The engineers estimate six years of works and lane closures for most of that period.

The second is dehumidification: wrapping the cables in an airtight skin and pumping dry air through them, so that the corrosion stops where it is. It is cheaper and much faster, but it buys time rather than strength. If the inspectors have underestimated the damage, the city would be back at the same table in fifteen years with less room to manoeuvre.

The third is the one nobody at City Hall likes to say out loud: build a new crossing and, in time, close the old bridge to motor traffic, keeping it for trams, bicycles and people on foot.

At a packed public meeting in the Assembly Rooms last month, that third option drew the loudest reaction of the night — some of it applause, most of it not.

## The people who cross it every day

To understand what the bridge means, it helps to spend a morning with the people who depend on it.

Rosalind Achebe-Marsh runs a bakery on the north side of the river and delivers to cafés in the Old Town six mornings a week. Her van crosses the bridge at 5.40am, before the traffic builds. "When they closed a lane for the inspection, my round took forty minutes longer," she said. "Forty minutes is a batch of bread. If they close it for six years, I'll have to think very hard about where my bakery is."

For the crew of the number 7 tram, which crosses on the bridge's central tracks every eight minutes, the calculation is different. The driver I rode with, who has worked the route for nineteen years, said the bridge was the best part of her day. "Sunrise on the Wend, from the middle of the span. People pay for views like that."

And for the residents of North Quay, the bridge is a reminder of what the district was before it existed. Several families I spoke to still tell the story of the 1927 flood as if they had lived through it themselves. "The bridge is the promise that we won't be cut off again," said one retired net-maker, whose grandmother worked the rope sheds. "You don't put a price on a promise."

## The money question

Of course, the council will have to put a price on it. The cheapest of the three options costs roughly what the city spends on its parks in a decade. The most expensive would be the largest single project in Harbourton's history, and would almost certainly need money from the national government, which has its own list of crumbling bridges and its own opinions about which ones matter.

Councillor Amos Pettigrew, who chairs the finance committee, said there was no version of the decision that would not mean saying no to something else. "Every pound we put into steel is a pound we don't put into schools, or buses, or the sea wall at Saltmarsh," he said. "People want all of those things. They're right to. The job is to be honest about the trade."

The council's transport officers have begun modelling what each option would mean for traffic during the works. Early figures suggest that the cable replacement, with its long lane closures, would push some twelve per cent of today's drivers onto the ring road, and a smaller number onto the ferries and trams — which would need more capacity of their own.

## Looking after an old friend

Whatever the council decides, the bridge will need more care, not less. The maintenance team, eleven people strong, already spends most of the year repainting: by the time they finish at one end, the other needs doing again. They know the structure intimately. One of them showed me a rivet on the south tower stamped with the initials of the man who hammered it home in 1930, visible only from a particular ledge on a clear day.

That intimacy is part of the case for keeping the bridge in service. Penhallow built it to be inspected and repaired, with walkways inside the towers and access hatches on the deck, and it has rewarded every generation that bothered to look after it.

> "It's the most honest structure in the city," said Dr Roke. "Every load has a path you can follow with your finger. When it's unhappy, it tells you."

## What happens next

The council will hold a second round of public consultation in the spring, with a decision expected before the end of the financial year. Officers will publish the full structural report, with its photographs of broken wires, in the city library and online. Residents can also sign up for guided walks on the inspection gantries, which the bridge team ran for the first time this summer and which sold out within an hour.

For now, the bridge goes on humming. On a clear evening, from the slipway at North Quay, the towers catch the last of the sun long after the river has gone dark, and it is easy to understand why the people of Harbourton drew it first. The harder question — the one that will occupy City Hall for the next year — is what they are willing to give up to keep drawing it.

[[READ NEXT: review-salt-and-iron]]`,
}
