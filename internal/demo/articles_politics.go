package demo

import (
	"time"

	"masthead/internal/model"
)

var politicsStories = []story{
	{
		slug:     "council-passes-leaner-budget",
		section:  "politics",
		kicker:   "City Hall",
		headline: "Council passes leaner budget after all-night session",
		dek:      "Councillors approved the city's spending plans at 4.12am, with more money for school repairs and the Harbour Bridge and a smaller grant for the arts.",
		authors:  []string{"ines-okafor", "tobias-wren"},
		tags:     []string{"city-council", "budget", "schools", "arts", "harbour-bridge"},
		age:      3*time.Hour + 30*time.Minute,
		photo: picture{
			scene: "civic", variant: 2,
			alt:     "The columned front of City Hall at night, its tall windows lit warm yellow under a dark blue sky.",
			caption: "Lights burned in City Hall's council chamber until the early hours as councillors debated the budget.",
			credit:  "Photo: Sol Marchetti/Gazette",
		},
		body: `Harbourton City Council approved its budget for the coming year in the early hours of Wednesday, after a fourteen-hour debate in which councillors tabled more than forty amendments and the chamber's coffee machine broke down twice.

The final vote, at 4.12am, was 31 to 24. The ruling Harbourton First group was joined by four independent councillors; the Civic Greens and the remaining independents voted against.

## Where the money goes

The budget keeps overall spending roughly flat once inflation is taken into account, but moves money between departments. The main changes are:

- an extra £6.5 million for school buildings, most of it for roof and heating repairs;
- £4 million set aside for the Harbour Bridge, to pay for design work on whichever repair option the council chooses next year;
- a 15 per cent cut to the city's arts and culture grants, saving about £900,000;
- a freeze on parking charges in the Old Town for a second year;
- a 2.9 per cent rise in council tax, below the maximum the council was allowed to set.

> "Nobody in this chamber enjoyed writing this budget, and nobody should pretend it solves everything," Councillor Amos Pettigrew, chair of the finance committee, told the chamber shortly before the vote. "What it does is fix things that are falling down."

## The arts row

The longest argument of the night was over the arts cut, which will reduce grants to the Harbourton Chamber Orchestra, the Customs House Gallery and the Lantern Festival among others.

An amendment from the Civic Greens to reverse the cut, paid for by delaying the parking freeze, failed by three votes. Councillor Tomasz Ferrand said the arts were "part of why people choose to live here, and part of why visitors come and spend money in our shops".

[[READ MORE: chamber-orchestra-grant-cut]]

## Schools first

The largest single increase goes to school buildings, after the closure of two classrooms at North Quay Primary this autumn. Officers said the extra money would allow them to repair roofs at four schools next year instead of one, and start on a further three the year after.

[[READ MORE: north-quay-school-roof]]

## What the bridge money buys

The £4 million for the Harbour Bridge will not repair anything directly. It pays for engineers to develop the three options in the recent structural report in enough detail for the council to choose between them with confidence, and for the public consultation that will come first.

Mayor Odile Brannagh, who does not vote on the budget but speaks in the debate, called it "the most important cheque this city will write this year, even though it doesn't buy a single bolt".

The budget takes effect at the start of the financial year in April.`,
	},
	{
		slug:     "mayor-pledges-railyard-homes",
		section:  "politics",
		headline: "Mayor pledges 2,000 homes on the old Cooper's Yard railyards",
		dek:      "Odile Brannagh says a third of the homes will be affordable and the rest built around a new tram stop, in the biggest housing scheme Harbourton has seen in forty years.",
		authors:  []string{"ines-okafor"},
		tags:     []string{"housing", "city-council", "transport", "jobs"},
		age:      20 * time.Hour,
		pins:     []string{"tram-extension-saltmarsh", "council-passes-leaner-budget"},
		photo: picture{
			scene: "skyline", variant: 0,
			alt:     "City towers and office blocks silhouetted against a golden evening sky, reflected in calm water.",
			caption: "The eastern skyline from the Wend. The Cooper's Yard site lies just beyond the last towers on the right.",
			credit:  "Photo: Mara Lindqvist/Gazette",
		},
		body: `Harbourton's mayor, Odile Brannagh, has promised to build 2,000 homes on the disused railyards at Cooper's Yard, east of the city centre, with a third of them let at rents the council sets and the whole neighbourhood designed around a new tram stop.

Speaking at the site on Monday, in front of the brick engine shed that the plan would turn into a market hall, the mayor said the scheme was "the answer to the question every young family in this city asks me: where are we supposed to live?"

## The plan

The council bought most of the 28-hectare site from the national rail company in 2019. Under the plan set out on Monday:

- about 660 homes would be affordable, let at council-set rents or sold through a shared-ownership scheme;
- the engine shed and two other listed railway buildings would be kept and turned into a market hall, workshops and a health centre;
- a primary school and a park along the old canal basin would be built in the first phase;
- parking would be limited to one space for every four homes, with car-club bays and secure cycle stores.

## Tram first

The mayor's pledge depends heavily on the tram extension to Saltmarsh, whose first stop would sit at the heart of the site. City planners say that without the tram, the site could take perhaps half as many homes before the roads around it became unworkable.

> "We're doing this in the right order. The tram, the school and the park come first, and the homes follow," the mayor said.

## Doubts

Opposition councillors welcomed the ambition but questioned the numbers. Councillor Tomasz Ferrand of the Civic Greens said the council had "announced homes on this site three times in ten years" and asked when the first of them would be finished.

The mayor's office said it hoped to choose a development partner next year, with the first homes ready within five years of planning permission. The construction industry's local training college said the scheme could support several hundred apprenticeships over its life.

[[READ NEXT: tram-extension-saltmarsh]]`,
	},
	{
		slug:            "harbour-ward-by-election",
		section:         "politics",
		kicker:          "Harbour Ward",
		headline:        "Three-way race takes shape for the Harbour Ward by-election",
		dek:             "A former harbour master standing as an independent could decide whether the mayor keeps her majority on the council.",
		authors:         []string{"ines-okafor"},
		tags:            []string{"city-council", "waterfront", "housing"},
		age:             27 * time.Hour,
		correction:      "An earlier version of this article gave the wrong date for the by-election. Polls open on Thursday the 14th, not Thursday the 7th.",
		correctionAfter: 9 * time.Hour,
		photo: picture{
			scene: "harbour", variant: 1,
			alt:     "Cranes and low warehouses along a quay on a hazy blue morning, with small boats at anchor on still water.",
			caption: "The working harbour in the Harbour Ward, where the future of the old fish docks has become a campaign issue.",
			credit:  "Photo: Jonah Pell/Gazette",
		},
		body: `Voters in Harbourton's Harbour Ward will choose a new councillor on Thursday the 14th, in a by-election that could decide whether Mayor Odile Brannagh's Harbourton First group keeps its majority on the city council.

The seat became vacant when its previous councillor stepped down for health reasons after nine years. Harbourton First holds 28 of the council's 55 seats; losing the Harbour Ward would leave the group needing the support of independents to pass its plans.

## The candidates

Three candidates are standing.

Nell Oduya, for Harbourton First, is a primary school governor and a volunteer at the ward's food bank. She is campaigning on the mayor's housing plans and on repairs to the ward's schools.

Ruairi Castell, for the Civic Greens, works as a surveyor at the Calder & Finch shipyard. He wants the council to stop the sale of the old fish docks and keep them for marine industry.

Beatrix Maund, an independent, was Harbourton's harbour master for twelve years until she retired last spring. She says she is standing because "the harbour needs someone on the council who knows which end of a boat is which".

## The docks question

The campaign has been dominated by the future of the old fish docks, a strip of quayside that the council has marked for possible sale to a developer. Ms Maund and Mr Castell both oppose the sale; Ms Oduya says no decision should be taken until a study of the harbour's needs is finished.

> "People here aren't against new homes. They're against losing the working harbour to get them," said one café owner on Rope Walk, who said she had not decided how to vote.

## How to vote

Polling stations open at 7am and close at 10pm. Residents who have registered for a postal vote must return it by the close of polls. The count will take place overnight at the Assembly Rooms, with a result expected in the early hours of Friday.`,
	},
}

// aboutPage is the edition's static About page.
var aboutPage = story{
	slug:     AboutSlug,
	kind:     model.KindPage,
	headline: "About the Gazette",
	dek:      "The Harbourton Gazette has reported on the city and the Wend estuary since 1871. Here is who we are and how we work.",
	age:      72 * time.Hour,
	photo: picture{
		scene: "harbour", variant: 0,
		alt:     "The harbour at golden hour: cranes, warehouses and moored boats in silhouette against a glowing sky.",
		caption: "Harbourton's harbour, where the Gazette's first office stood on Rope Walk.",
		credit:  "Photo: Mara Lindqvist/Gazette",
	},
	body: `The Harbourton Gazette is the daily newspaper of Harbourton and the Wend estuary. It was founded in 1871 by a printer and a retired ship's purser in a two-room office on Rope Walk, and it has been published every weekday since, through two wars, the great flood of 1927 and a printers' strike that lasted eleven weeks.

*This is a demonstration edition. Harbourton, the Gazette and everyone in these stories are invented; the pictures are drawn by the software that runs this site.*

## What we do

We report on the city: its council and its courts, its schools and hospitals, its harbour, businesses, artists and sports clubs. We try to explain how decisions are made and who makes them, and to tell the stories of the people those decisions affect.

## How we work

Our reporters follow a few simple rules:

- We say how we know what we know, and we name our sources whenever we can.
- We give people a fair chance to respond before we publish anything about them.
- We correct our mistakes openly, at the foot of the article, with the date of the correction.
- We keep news and opinion apart, and label each clearly.

> "Print the news, and be kind where the news allows it." — the Gazette's first editorial, 1871

## Join the conversation

Readers can comment on most of our stories. Comments are moderated by our staff against our community guidelines, which ask for one thing above all: argue with ideas, not with people.

## Contact us

Our newsroom is on the second floor of the old Customs House on the harbour front. Tips, corrections and letters to the editor are always welcome, and every message is read by a member of staff.`,
}
