package demo

import "time"

var newsStories = []story{
	{
		slug:     "storm-closes-ferry-routes",
		section:  "news",
		kicker:   "Weather",
		headline: "Autumn storm closes ferry routes and floods the lower quay",
		dek:      "Gusts of up to 110 km/h stopped every Wend ferry and forced the Harbour Bridge down to one lane each way, as high water spilled over the sea wall at Saltmarsh.",
		dateline: "HARBOURTON",
		authors:  []string{"mara-lindqvist"},
		tags:     []string{"weather", "transport", "waterfront", "harbour-bridge", "saltmarsh"},
		age:      5 * time.Hour,
		updated:  4 * time.Hour,
		photo: picture{
			scene: "storm", variant: 0,
			alt:     "Rain sweeps across a dark, choppy sea towards a red and white striped lighthouse on a low headland.",
			caption: "Heavy rain and breaking waves off Gull Point on Tuesday morning, as the storm reached its height.",
			credit:  "Photo: Jonah Pell/Gazette",
		},
		body: `The first storm of the autumn closed every ferry route across the Wend on Tuesday, flooded the lower quay in the Old Town and left the Harbour Bridge open to traffic on one lane in each direction for most of the day.

The harbour authority suspended ferry services shortly after 6am, when gusts at the Gull Point weather station passed 90 km/h. By mid-morning the strongest gust recorded was 110 km/h, the highest reading at the station in four years.

**Update:** The harbour authority says ferries on the Old Town to North Quay route will resume from 4pm, with the Saltmarsh route to follow on Wednesday morning once the landing stage has been inspected. Both bridge lanes have reopened in each direction.

## High water at Saltmarsh

The worst flooding came at the morning high tide, when a surge of roughly half a metre above the forecast level pushed water over the sea wall at Saltmarsh and along the lower quay.

Firefighters pumped out the basements of a dozen properties on Quay Row. The council opened the community hall on Tidewater Lane as a rest centre, and said about thirty people had used it by lunchtime, most of them waiting for their homes to be checked.

> "It came up faster than I've ever seen it. One minute the water was at the steps, the next it was under the door," said a shopkeeper on Quay Row, who spent the morning carrying stock up to the first floor.

## Travel

Drivers faced long queues at both ends of the Harbour Bridge, where engineers closed the outer lanes as a precaution once gusts passed the bridge's wind limit. Trams continued to cross on the central tracks at reduced speed.

The city's advice for the rest of the week:

- Check the harbour authority's website before travelling by ferry; the Saltmarsh landing stage needs inspecting before it reopens.
- Allow extra time on the bridge until the outer lanes are cleared of debris.
- Do not walk on the sea wall at Saltmarsh or the breakwater at Gull Point while waves are overtopping.

## Clean-up

Council crews were clearing seaweed, shingle and at least one upturned rowing boat from the lower quay on Tuesday afternoon. The Wend Rowing Club said its boathouse had escaped serious damage, though the slipway would need repairs before the club's winter training began.

Forecasters expect the wind to ease overnight, with a second, weaker band of rain on Thursday. The council said it would review the performance of the Saltmarsh sea wall, which has been overtopped three times in the past two years, and report back to the environment committee next month.

[[READ NEXT: harbour-bridge-long-read]]`,
	},
	{
		slug:     "north-quay-school-roof",
		section:  "news",
		kicker:   "Schools",
		headline: "Parents press for answers after North Quay school roof fails inspection",
		dek:      "Two classrooms at North Quay Primary have been closed since half-term. The council says repairs will start in the spring; parents say that is not soon enough.",
		authors:  []string{"ines-okafor"},
		tags:     []string{"schools", "city-council", "budget", "weather"},
		age:      14 * time.Hour,
		photo: picture{
			scene: "civic", variant: 1,
			alt:     "The columned stone front of a Victorian school building under a pale blue morning sky.",
			caption: "North Quay Primary School, built in 1889, is one of eleven council schools with roofs rated in poor condition.",
			credit:  "Photo: Ruth Adeyemi for the Gazette",
		},
		body: `Parents at North Quay Primary School have demanded a firm date for repairs to the school's roof, after two classrooms were closed when inspectors found that timber supports above them had rotted through.

About fifty pupils from the two year groups affected have been taught in the school hall and the library since the autumn half-term. The hall is also used for lunch, assemblies and physical education, and the head teacher, Gwen Aldaine, wrote to families last week to say that PE lessons would move outdoors "whenever the weather allows".

## What the inspectors found

The inspection, carried out in October after staff reported water stains spreading across a ceiling, found that the roof timbers above the two classrooms had been damp for several years. The council says there is no risk to the rest of the building, which was checked at the same time.

Council officers told a meeting of the children's services committee that repairs would begin in the spring, once a contractor had been appointed. The work is expected to take eight weeks.

> "We've been told spring, but we've also been told this roof was on the list for repair in three separate budgets," said Farah Lindgren, who chairs the school's parents' association. "We'd like a date, and we'd like to know it's paid for."

## A backlog across the city

North Quay is not alone. A council survey last year rated the roofs of eleven of the city's primary schools as being in poor condition, and estimated the cost of bringing every school building up to standard at more than three times the annual maintenance budget.

Councillor Tomasz Ferrand of the Civic Greens said the closure showed the cost of putting off repairs. "Every winter we don't fix a roof, the bill goes up," he said. The council's ruling group says it has increased the schools maintenance budget this year and is working through the list in order of urgency.

## What happens now

The council says it will:

- appoint a contractor by the end of January;
- hire a temporary classroom unit for the playground if the work slips past Easter;
- publish the condition survey for every school building in the city.

For Ms Aldaine, the priority is simpler. "The children have been brilliant about it," she said. "But a school hall is not a classroom, and they deserve their classrooms back."

[[READ MORE: council-passes-leaner-budget]]`,
	},
	{
		slug:     "tram-extension-saltmarsh",
		section:  "news",
		headline: "Tram extension to Saltmarsh opens for public comment",
		dek:      "A 4.2-kilometre branch would link the eastern suburbs to the city centre in 18 minutes. Residents have until the end of next month to have their say on the route.",
		authors:  []string{"mara-lindqvist"},
		tags:     []string{"transport", "saltmarsh", "city-council", "housing"},
		age:      38 * time.Hour,
		photo: picture{
			scene: "hills", variant: 0,
			alt:     "A red tram crosses an embankment beneath overhead wires, with layers of misty hills beyond under a low sun.",
			caption: "A tram on the existing eastern line near Saltmarsh. The extension would continue along the old railway embankment.",
			credit:  "Photo: Harbourton Tramways via Gazette",
		},
		body: `Harbourton Tramways has opened a public consultation on its long-awaited extension to Saltmarsh, publishing a preferred route for the first time and asking residents to comment on the position of six new stops.

The 4.2-kilometre branch would leave the existing eastern line at Cooper's Yard and follow the embankment of the railway that closed in the 1960s, before running along Saltmarsh High Street to a terminus beside the sea wall. The company says the journey from Saltmarsh to the Old Town would take 18 minutes, less than half the time the number 12 bus takes at rush hour.

## Why the old railway?

Using the disused embankment means most of the route avoids roads altogether, which keeps costs down and makes the trams faster. It also means that parts of a popular walking and cycling path would have to be rebuilt alongside the tracks.

> "The embankment is the reason this scheme is affordable. We've designed it so that the path stays open and gets wider, not narrower," said Imogen Tarrant, the tramway's head of projects.

Some residents are not convinced. A group of neighbours along the embankment has collected several hundred signatures asking for the path to be kept separate from the tracks along its whole length, and for the trees planted along it in the 1990s to be protected.

## The stops

The six proposed stops are Cooper's Yard, Mill Lane, Saltmarsh Station (on the site of the old railway station), the High Street, the Tidewater Lane health centre and the seafront. The company is asking in particular whether the High Street stop should be moved closer to the market square.

## Homes and the timetable

The extension is closely tied to the council's plans for new housing on the former railyards at Cooper's Yard, which would sit beside the first stop. City planners say the tram would make it possible to build more homes there with fewer parking spaces.

If the consultation goes smoothly, the company hopes to apply for planning permission next summer, with construction starting the following year and the first trams running three years after that.

[[READ NEXT: mayor-pledges-railyard-homes]]`,
	},
}
