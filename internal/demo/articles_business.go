package demo

import "time"

var businessStories = []story{
	{
		slug:     "wendside-fish-market-reopens",
		section:  "business",
		headline: "Renovated Wendside fish market reopens with a waiting list for stalls",
		dek:      "After two years and £11 million of repairs, the Victorian market hall is full again, and the traders who stayed through the works get first pick of the pitches.",
		authors:  []string{"tobias-wren"},
		tags:     []string{"waterfront", "small-business", "jobs"},
		age:      31 * time.Hour,
		photo: picture{
			scene: "market", variant: 1,
			alt:     "A row of colourful shopfronts with red, green and blue striped awnings over crates of produce on a quiet street.",
			caption: "Stalls and shopfronts along Wendside on reopening morning. Forty-two traders have signed leases in the renovated hall.",
			credit:  "Photo: Ruth Adeyemi for the Gazette",
		},
		body: `Wendside fish market reopened on Saturday after two years of repairs, with every one of its forty-two pitches let and a waiting list of more than thirty traders hoping for the next one to come free.

The Victorian market hall, which stands on piles above the river at the foot of the Old Town, was closed in 2023 after engineers found that several of the timber piles had been eaten away by marine worms. The council spent £11 million replacing the piles, restoring the cast-iron roof and installing new drainage, cold stores and ice machines.

## First pick for those who stayed

During the works, a dozen traders kept going from temporary cabins on the quay. The council promised them first choice of the new pitches, and most took spots near the main doors.

> "Two winters in a cabin with the wind coming off the river. I'd have taken any pitch, but I'm not going to pretend I'm not pleased with this one," said Marguerite Sølvik, whose family has sold fish at Wendside for four generations.

The reopened hall is not only for fish. The council has let about a third of the pitches to bakers, greengrocers, a cheesemonger, two coffee stands and a noodle bar, in the hope of drawing shoppers through the week rather than only on the traditional Friday and Saturday market days.

## The rent question

Pitch rents have risen by about a fifth compared with before the closure, which the council says reflects the cost of the new facilities. Traders were offered a six-month discount to help them through the first season.

Joss Kettering, the market's manager, said the waiting list showed the rents were realistic. "We've had enquiries from as far away as the capital," she said. "People want to trade here because the customers come here."

## Jobs on the waterfront

The council estimates that the market supports about 180 jobs directly, and more among the fishing boats, smokehouses and restaurants that buy and sell through it. The reopening comes as another part of the waterfront economy, the Calder & Finch shipyard, announced the biggest order in its history.

[[READ MORE: shipyard-electric-ferries]]

The market is open from 7am to 4pm, Tuesday to Saturday, with late opening until 8pm on Fridays.`,
	},
	{
		slug:     "shipyard-electric-ferries",
		section:  "business",
		kicker:   "Industry",
		headline: "Calder & Finch shipyard wins order for six electric ferries",
		dek:      "The contract is the largest in the yard's 130-year history and will bring about 250 jobs to the north bank of the Wend.",
		authors:  []string{"tobias-wren"},
		tags:     []string{"jobs", "transport", "waterfront"},
		age:      11 * time.Hour,
		photo: picture{
			scene: "harbour", variant: 0,
			alt:     "Gantry cranes and sheds silhouetted against a golden sky above the water, with small boats in the foreground.",
			caption: "The cranes of the Calder & Finch yard on the north bank. The first of the new ferries is due to be laid down next autumn.",
			credit:  "Photo: Sol Marchetti/Gazette",
		},
		body: `Calder & Finch, the last shipbuilder on the Wend, has won a contract to build six battery-electric ferries for a coastal operator, the largest order in the yard's 130-year history.

The yard, on the north bank opposite the Old Town, will add about 250 jobs over the next three years, bringing its workforce to nearly 700. The company did not disclose the value of the contract, but people familiar with the deal put it at well over £100 million.

## Why Harbourton won

The ferries, each designed to carry 300 passengers and 40 cars on crossings of up to an hour, will charge their batteries from the shore at each end of the route. Calder & Finch built a smaller electric passenger boat for the Wend's own ferry service three years ago, which its managing director, Ingrid Solberg-Hale, said had been "the best sales brochure we ever made".

> "Every buyer who came to see us rode the Wend ferry. They saw it run in January, in a gale, full of commuters, and it was boring. Boring is what you want from a ferry," she said.

The order was also helped by the yard's new covered dock, completed last year with support from a regional development fund, which means work can continue whatever the weather.

## Apprenticeships

The company plans to take on 60 apprentices a year for the next three years, in partnership with the city's technical college. Training will cover welding, electrical systems and, for the first time at the yard, battery installation.

Union representatives at the yard welcomed the order, but said they would be pressing for the new jobs to be permanent rather than agency contracts.

## Knock-on effects

Local suppliers stand to benefit. A survey by the Harbourton Chamber of Commerce last year found that about half of the yard's spending on parts and services went to firms within thirty miles, from steel fabricators to caterers.

Work on the first ferry is due to begin next autumn, with delivery of the sixth planned for four years from now.`,
	},
	{
		slug:     "lantern-street-rents",
		section:  "business",
		headline: "Independent shops on Lantern Street warn of a rent squeeze",
		dek:      "Traders say new leases on the city's best-loved shopping street have jumped by up to 40 per cent, and three long-standing shops have closed since the summer.",
		authors:  []string{"tobias-wren"},
		tags:     []string{"small-business", "housing", "city-council"},
		age:      60 * time.Hour,
		photo: picture{
			scene: "market", variant: 0,
			alt:     "Brightly painted shopfronts with striped awnings along a street in warm evening light.",
			caption: "Lantern Street's independent shops. Traders say rising rents are pushing long-standing businesses out.",
			credit:  "Photo: Jonah Pell/Gazette",
		},
		body: `Independent shopkeepers on Lantern Street, the narrow shopping street that climbs from the harbour to the cathedral, have warned that rising rents could empty the street of the businesses that made it famous.

Three shops that had traded on the street for more than twenty years have closed since the summer: a bookshop, a cobbler and a shop that sold maps and charts. In each case, the owners said they had been offered new leases at rents between 25 and 40 per cent higher than before.

## Who owns the street

Most of the street's buildings belong to a handful of property companies, two of which bought large parts of it in the past five years. One of them, which owns eleven shops on the street, said its rents were "in line with the market for a prime location" and that it had offered some tenants stepped increases over several years.

> "Everyone says they love Lantern Street. But you can't pay the rent with love," said Farida Noor-Ellis, who runs a tea and spice shop near the top of the hill and chairs the Lantern Street Traders' Association.

## What traders want

The traders' association has written to the council asking it to:

1. use its planning powers to stop ground-floor shops being turned into flats;
2. set up a small grant fund to help independent shops with the cost of moving within the city;
3. buy a building on the street when one next comes up for sale and let it at an affordable rent.

The council's economy lead said the authority had limited powers over private rents, but would look at the first two requests. Buying property on the street would be "very hard to justify" after this year's budget, he said.

## A wider pattern

Lantern Street is not alone. A study by the Harbourton Chamber of Commerce found that shop rents in the Old Town had risen faster than in any other part of the city, driven by visitor numbers that have recovered strongly since the Harbour Bridge walks and the Lantern Festival began drawing tourists from further afield.

For now the street is busy, and the festival season will bring its best weeks of the year. "December pays for January to July," said Ms Noor-Ellis. "The question is how many of us will be here next December."`,
	},
}
