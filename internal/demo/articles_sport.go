package demo

import "time"

var sportStories = []story{
	{
		slug:     "gulls-derby-win",
		section:  "sport",
		kicker:   "Match Report",
		headline: "Harbourton FC snatch late derby win over Saltmarsh Rovers",
		dek:      "Nineteen-year-old Kit Amadi-Rowe scored in the 89th minute to give the Gulls a 2-1 victory in front of a sell-out crowd at the Quayside Ground.",
		authors:  []string{"dev-harrow"},
		tags:     []string{"harbourton-fc", "saltmarsh"},
		age:      2 * time.Hour,
		photo: picture{
			scene: "stadium", variant: 0,
			alt:     "Players in red and white on a floodlit football pitch in front of a packed stand at night.",
			caption: "Harbourton FC and Saltmarsh Rovers under the floodlights at the Quayside Ground.",
			credit:  "Photo: Sol Marchetti/Gazette",
		},
		body: `For eighty-eight minutes it looked like another derby that would be remembered for its tackles rather than its football. Then Kit Amadi-Rowe, nineteen years old and on the pitch for barely a quarter of an hour, took a pass on the edge of the Saltmarsh box, shifted the ball onto his left foot and curled it into the far corner.

The Quayside Ground, full for the first time this season, erupted. Harbourton FC had beaten Saltmarsh Rovers 2-1 and climbed to fourth in the table.

## A scrappy first half

The first half was a game of few chances and many fouls. Saltmarsh, who beat the Gulls twice last season, pressed high and gave Harbourton's midfield no time on the ball. The referee showed four yellow cards before the break.

Saltmarsh took the lead on the stroke of half-time, when their captain, Lorcan Teague, rose highest at a corner and headed in off the underside of the bar.

## Turning point

Harbourton's manager, Pieter Vossberg, made two changes at half-time and switched to a back three, and the game changed. The Gulls equalised on the hour, when a low cross from the right was turned in by the striker Ada Kovalenko-Price at the near post.

From then on it was largely one-way traffic. Saltmarsh's goalkeeper made three fine saves before Amadi-Rowe, brought on in the 74th minute, found the corner.

> "I told him to shoot if he saw the goal. I didn't tell him to do that," Vossberg said afterwards, laughing. "He's been doing it in training for months. Now everyone's seen it."

## Talking points

- Amadi-Rowe's goal was his first for the club's first team. He joined the Gulls' academy at the age of nine.
- The crowd of 9,400 was the largest at the Quayside Ground since the new east stand opened.
- Saltmarsh finished with ten men after their right-back was sent off for a second booking in stoppage time.

Harbourton travel to the coast next Saturday. Saltmarsh, now ninth, are at home to the league leaders.

[[READ MORE: gulls-women-cup-final]]`,
	},
	{
		slug:     "harbour-regatta-record-crews",
		section:  "sport",
		headline: "Harbour Regatta draws a record 140 crews despite choppy water",
		dek:      "Crews from as far away as the northern lakes raced on the Wend, where a stiff breeze made the final stretch past the bridge a test of nerve as much as fitness.",
		authors:  []string{"dev-harrow"},
		tags:     []string{"waterfront", "weather", "festivals"},
		age:      45 * time.Hour,
		photo: picture{
			scene: "regatta", variant: 1,
			alt:     "Four rowing eights in red, yellow, blue and white race side by side on calm blue water beneath a tree-lined far shore.",
			caption: "Eights racing in the opening heats of the Harbour Regatta on the upper Wend.",
			credit:  "Photo: Mara Lindqvist/Gazette",
		},
		body: `A record 140 crews took part in the Harbour Regatta over the weekend, the highest number in the event's 96-year history, despite a stiff westerly breeze that made the last few hundred metres of the course a lottery on Sunday afternoon.

The regatta, organised by the Wend Rowing Club, is raced over 1,500 metres on the upper Wend, finishing just short of the Harbour Bridge. Crews came from twenty-eight clubs, including several from the northern lakes and two university boat clubs.

## Sunday's squalls

Saturday's heats were raced on near-perfect water. Sunday was a different story. By the time of the afternoon finals, the breeze was gusting against the tide, kicking up short, steep waves in the exposed stretch below the old timber wharves.

> "The first thousand metres were a rowing race. The last five hundred were a survival exercise," said Hal Brightwater, the club's secretary, who has helped organise the regatta for thirty years. "Every crew finished, and that's what I'm proudest of."

Two boats in the women's fours final shipped so much water that they had to stop and bail before crossing the line. The umpires allowed the result to stand.

## Home success

The Wend Rowing Club won six events, its best haul in a decade, including the open men's eights, in which it beat the defending champions by a canvas after trailing for most of the race.

The results the home club will remember most:

- the open men's eights, won by a canvas in the closing strokes;
- the women's double sculls, won by a pair who started rowing together at school;
- the junior coxed fours, won by a crew whose average age was fifteen.

## Looking ahead

The club said the record entry showed the need for a bigger boathouse, and that it would apply to the council for help with a new building beside the upper wharves. The regatta has also been invited to form part of next summer's Lantern Festival programme, with a twilight race planned for the first time.`,
	},
	{
		slug:     "gulls-women-cup-final",
		section:  "sport",
		headline: "Harbourton FC Women reach county cup final for the first time",
		dek:      "A penalty shoot-out win over the holders sets up a final at the Quayside Ground next month, with the club hoping to break its attendance record.",
		authors:  []string{"dev-harrow"},
		tags:     []string{"harbourton-fc", "saltmarsh"},
		age:      68 * time.Hour,
		photo: picture{
			scene: "stadium", variant: 1,
			alt:     "Footballers in red and white on a striped floodlit pitch, with a crowd filling the stand behind them.",
			caption: "Harbourton FC Women celebrate their shoot-out win in the county cup semi-final.",
			credit:  "Photo: Ruth Adeyemi for the Gazette",
		},
		body: `Harbourton FC Women are through to the final of the county cup for the first time in the club's history, after beating the holders 4-3 on penalties in a semi-final that finished 1-1 after extra time.

The goalkeeper, Signe Marchbank, saved two penalties in the shoot-out, and the captain, Yewande Hollis, scored the decisive kick to send the travelling supporters into raptures.

## A long road

The women's team was founded only eight years ago, playing on a council pitch behind the Saltmarsh leisure centre with borrowed kit. It moved to the Quayside Ground three seasons ago and has won promotion twice since.

> "When we started, we had to ask the men's team for their old shirts. Now we've got girls in the stand wearing our names on their backs," Hollis said after the match.

## The final

The final will be played at the Quayside Ground next month, against the winners of the second semi-final between two clubs from the south of the county. Harbourton FC say they hope to sell at least 3,000 tickets, which would more than double the women's team's record attendance.

Ticket prices have been set at £5 for adults, with free entry for under-16s. Season-ticket holders for the men's team will be offered priority booking.

## Building for the future

The club's academy now runs girls' teams at every age group from under-9s to under-18s, with about 140 players. Its head of women's football, Annika Delacroix-Webb, said a cup run was the best recruitment campaign the club could have.

"Every time we do well, the phone rings the next morning with parents asking when the next trial is," she said. "That's what this is really about."

Whatever happens in the final, the club has already secured a place in next season's regional cup, which brings with it a small grant from the county football association.`,
	},
}
