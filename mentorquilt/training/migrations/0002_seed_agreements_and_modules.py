"""Default agreements and training modules, so a fresh install has something real.

Staff change them in the admin afterwards: a new agreement version is written
as a draft and published (everyone accepts it again); modules are edited in
place. The texts are frozen here on purpose: this migration must produce the
same rows whenever it runs.
"""

from decimal import Decimal

from django.db import migrations
from django.utils import timezone

MENTOR_AGREEMENT = """As a MentorQuilt mentor, I agree to the following.

I will give my mentees my time and attention. I will meet each mentee at least every one to two months, or as often as our program asks, and I will keep the appointments I make. If I must cancel, I will tell my mentee as early as I can and offer another time.

I will answer requests and messages within the time the platform shows (normally 7 days). If I cannot take a new mentee, I will decline promptly rather than leave a student waiting. I will keep my availability up to date, and I will take no more mentees than I can support (never more than three at a time).

I will put my mentee's goals first. I will help them reach the goals they choose, not the ones I would choose for them. I will share what I know about the hidden rules of medicine and of applying, honestly and without judgement.

I will keep what my mentee tells me confidential. I will share it with someone else only with my mentee's permission, or when someone's safety is at risk, in which case I will tell my mentee what I am doing and why.

I will keep our relationship professional. I will not ask my mentee for money, favours or personal services; I will not begin a romantic or sexual relationship with a mentee; and I will not take part in evaluating or grading my mentee without saying so, so that another person can be found.

I will follow the MentorQuilt code of conduct, complete the required mentor training, and tell MentorQuilt staff or my institution if I have a concern about a mentee's safety or about the conduct of anyone on the platform.

I understand that my institution may verify my details and that my mentoring activity is recorded so that it can be recognised (for example in promotion files and for continuing-education credit)."""

MENTEE_AGREEMENT = """As a MentorQuilt mentee, I agree to the following.

I will take an active part in my mentoring. I will come to meetings with questions or topics, tell my mentor what I need help with, and follow up on the steps we agree on. My mentors are volunteers who give their time because they believe in students like me.

I will be on time for meetings, or tell my mentor as early as I can if I need to change the time. If I no longer want to continue a mentorship, I will say so politely instead of simply stopping replying.

I will respect my mentor's boundaries and time. I will use the ways of contacting them that they offered and I will not ask them for money, jobs or favours that go beyond mentoring.

I will keep what my mentor shares with me in confidence, just as they will keep what I share with them.

I will answer the short evaluations and surveys the platform sends me (about every six months and at the end of each mentorship). My answers help my program improve and help other students find good mentors.

I will follow the MentorQuilt code of conduct, and I will tell MentorQuilt staff if anything in a mentorship makes me uncomfortable or feels unsafe. I can do this confidentially, and it will not count against me."""

CODE_OF_CONDUCT = """MentorQuilt exists so that students from every background can find mentors who help them succeed in medicine and the health professions. Everyone here, mentors and mentees alike, agrees to this code.

Mutual respect. Treat every person with courtesy and dignity. Listen before you answer. Disagree with ideas, never with a person's worth. No harassment, bullying, threats, or unwanted sexual attention, in meetings, in messages or anywhere else.

Cultural humility. Each of us sees the world through our own background, and none of us knows everything about anyone else's. Be curious about the other person's experience instead of assuming. Ask how they would like to be addressed and use the name and pronouns they give. When you get something wrong, acknowledge it, apologise and learn from it.

No discrimination. Do not treat anyone differently because of their race, ethnicity, national origin, immigration status, religion, sex, gender identity, sexual orientation, disability, age, income, family background or first-generation status. Jokes and stereotypes about any of these are not welcome here.

Privacy and confidentiality. What someone tells you in a mentorship stays between you, unless they agree to share it or someone's safety is at risk. Never share another person's personal details, screenshots of conversations, or anything they told you in confidence.

Honesty and integrity. Be truthful about who you are, your qualifications and your experience. Do not help anyone cheat on coursework, exams or applications, and do not ask for help to do so.

Power and boundaries. Mentors often hold more power than mentees. Mentors use that power only to support their mentees; mentees are never expected to give anything in return. Keep relationships professional.

Speaking up. If you see or experience something that goes against this code, report it to MentorQuilt staff. Reports are confidential, and no one who reports a concern in good faith will be punished for it. Staff may pause or end a person's access to the platform when this code is broken."""

MODULES = [
    # title, summary, minutes, credit hours, audience, required for mentors, required for mentees, attestation, content
    (
        "The mentoring relationship: roles and expectations",
        "What a mentor is (and is not), how a good mentorship starts, and how to agree on expectations in the first meeting.",
        30,
        Decimal("0.50"),
        "mentor",
        True,
        False,
        "I have read this module in full and will agree on expectations with each mentee in our first meeting.",
        """## Why this matters
Students who are the first in their family to go to college, who grew up with little money, or who are from groups underrepresented in medicine often have talent and drive but fewer people around them who have walked the path. A mentor fills part of that gap. Mentorships that agree on clear expectations early are the ones most likely to last and to help.

## What a mentor does
- Listens to what the mentee wants and helps them make a plan to get there.
- Shares knowledge of how medicine and the application process really work.
- Opens doors: introductions, opportunities, and advice on where to look.
- Gives honest, kind feedback.
- Cheers the mentee on when things are hard.

## What a mentor does not do
- Make decisions for the mentee or push them toward the mentor's own specialty.
- Act as a therapist, lawyer or financial adviser (refer instead; see the module on support and referrals).
- Grade or formally evaluate the mentee without saying so.

## The first meeting
Use the first meeting to agree on the basics, and write them down together:
- How often you will meet (MentorQuilt suggests every one to two months) and for how long.
- How you prefer to be contacted and how quickly each of you can reply.
- The two or three goals the mentee most wants help with this year.
- What each of you will do before the next meeting.

## Keeping it going
Put the next meeting on the calendar before you end each one. If a month passes with no contact, reach out first: mentees, especially first-generation students, often worry about "bothering" a busy doctor and will wait for you.""",
    ),
    (
        "Cultural humility and identity in mentoring",
        "How identity shapes a student's path in medicine, and how to mentor across differences with curiosity instead of assumptions.",
        45,
        Decimal("0.75"),
        "mentor",
        True,
        False,
        "I have read this module in full and will practise cultural humility with every mentee.",
        """## Cultural humility, not cultural expertise
Cultural humility means accepting that you can never fully know another person's culture or experience, and choosing to learn from them instead of assuming. It is a lifelong practice: reflecting on your own background and biases, listening, and noticing the differences in power between you and your mentee.

## Identity shapes the path
Your mentee may be the first in their family to go to college. They may be supporting family members, working while studying, caring for children, living with a disability, an immigrant or the child of immigrants, LGBTQ+, a veteran, or from a rural town. Each of these can bring strengths (resilience, languages, community ties) and obstacles (money, time, isolation, discrimination). Many students carry several at once.

## Practical habits
- Ask, do not assume: "What would be most helpful for you right now?"
- Use the name and pronouns your mentee gives you, and pronounce their name correctly; ask if you are unsure.
- Notice your reactions. If you catch yourself thinking "they should just...", ask what is making that hard.
- Share your own story when it helps, but keep the focus on theirs.
- When you make a mistake, acknowledge it simply, apologise, and move on better informed.

## Talking about race and bias
Many URiM students experience racism, microaggressions and "imposter" feelings in school and clinical settings. You do not need to have the perfect words. Saying "That should not have happened to you" and "How can I support you?" matters more than having a solution. If your mentee reports discrimination, help them find the right office at their school and follow their lead on what to do.

## Mentoring across difference
Mentors do not need to share a mentee's background to be effective. Students benefit from a quilt of mentors: some who share their identity, and others who bring different knowledge and networks. What every mentor needs is respect, curiosity and reliability.""",
    ),
    (
        "The hidden curriculum: what nobody tells first-generation students",
        "The unwritten rules of getting into and through medical training, and how to explain them plainly.",
        30,
        Decimal("0.50"),
        "mentor",
        True,
        False,
        "I have read this module in full and will explain the unwritten rules of medicine plainly to my mentees.",
        """## What the hidden curriculum is
The "hidden curriculum" is everything students are expected to know that nobody teaches: how to ask for a letter of recommendation, what "shadowing" is and how to find it, that research experience matters, how to email a professor, what to wear to an interview, and that fee assistance exists. Students whose parents are doctors or college graduates often learn this at the dinner table. First-generation and low-income students often learn it late, or the hard way.

## Things worth explaining early
- The timeline: when to take entrance exams, when applications open, and how long the whole process takes.
- Costs and help: application fees, exam fees and interview travel add up. Point mentees to fee-assistance programs, which can lower these costs considerably for eligible students.
- Letters of recommendation: who to ask, how early (at least a month ahead), and what to give the writer (a CV, a short summary of your work together, the deadline).
- Experiences that count: clinical work, shadowing, research, service and leadership, and that paid jobs (for example as a medical assistant or scribe) count too.
- Professional email: a clear subject, a greeting, a short request, and a thank-you.
- Asking for help: office hours, tutoring and advising are there to be used, and using them is a sign of strength.

## How to explain without talking down
Ask what your mentee already knows before explaining. Say "many people are never told this" so that not knowing does not feel like failing. Give one or two concrete next steps rather than a long list.

## The money question
Never assume a student can afford an unpaid summer, a prep course or a flight to an interview. Ask what is possible, and look for paid opportunities and waivers together.""",
    ),
    (
        "Listening well and giving useful feedback",
        "Active listening, good questions, and feedback that helps a mentee grow without discouraging them.",
        30,
        Decimal("0.50"),
        "mentor",
        True,
        False,
        "I have read this module in full and will use active listening and specific, kind feedback with my mentees.",
        """## Active listening
Good mentoring is mostly listening. Give your full attention: put the phone away, look at your mentee, and let silences be.
- Reflect back what you heard: "It sounds like the exam date is worrying you more than the essay."
- Ask open questions: "What options have you thought about?" rather than "Have you thought about X?"
- Check before advising: "Would it help if I shared what worked for me?"

## Questions that help
- "What would success look like for you by the end of this year?"
- "What is getting in the way?"
- "Who else could help with this?"
- "What is one step you could take before we meet again?"

## Giving feedback
Feedback helps most when it is specific, timely, and about something the person can change.
- Say what you saw: "In your personal statement, the first paragraph tells me about the hospital, not about you."
- Say why it matters: "Readers want to know what drives you."
- Suggest a next step: "Try opening with the moment you decided on medicine."
- Invite their view: "How does that sound to you?"

## Balancing honesty and encouragement
Students who already feel they do not belong can hear criticism as proof that they do not. Be honest, but make clear that you believe in their ability to improve. Praise effort and progress, not only results.

## Receiving feedback
Ask your mentee for feedback on your mentoring too: "Is our time together useful? What should we do differently?" MentorQuilt will also ask them to evaluate each mentorship, and the results help you and your institution.""",
    ),
    (
        "Support, boundaries and when to refer",
        "How to support a mentee through stress and setbacks, keep healthy boundaries, and recognise when to refer to professional help.",
        30,
        Decimal("0.50"),
        "mentor",
        True,
        False,
        "I have read this module in full, and I know how to refer a mentee to professional help and to report a safety concern.",
        """## Stress and setbacks are normal
A failed exam, a rejection, a family emergency or money trouble can derail a student. Often what helps most is a mentor who says "this happens to many people who go on to become excellent doctors", and then helps them plan the next step.

## Boundaries protect you both
- Agree on how and when you can be contacted, and keep to it.
- Keep the relationship professional: no romantic or sexual relationships, no money lent or borrowed, no asking for favours.
- If you are also in a position to grade or evaluate your mentee, say so and find them another mentor for that part of their life.
- Know your limits. You are a mentor, not their therapist, lawyer or financial adviser.

## When to refer
Refer your mentee to professional help when they:
- talk about feeling hopeless, not sleeping or eating, or being unable to function for weeks;
- face housing or food insecurity, or a legal or immigration problem;
- report harassment, discrimination or abuse.
Most schools have counselling, a dean of students, financial aid and an equity or Title IX office. Help your mentee find the right one and, if they want, help them make the first contact.

## If someone may be in danger
If a mentee says they are thinking of harming themselves or someone else, take it seriously, stay with them, and help them get help now. In the United States they can call or text 988 (the Suicide and Crisis Lifeline) at any time; in an emergency call 911. Then tell MentorQuilt staff, in confidence.

## Confidentiality
Keep what your mentee tells you private. The exception is a risk to someone's safety: then you must act, and you should tell your mentee what you are doing and why.""",
    ),
    (
        "Advocacy, sponsorship and recommendation letters",
        "Moving from advice to advocacy: opening doors, sponsoring mentees for opportunities, and writing strong, fair letters.",
        30,
        Decimal("0.50"),
        "mentor",
        True,
        False,
        "I have read this module in full and will advocate for my mentees and write fair, specific letters.",
        """## From mentor to sponsor
A mentor gives advice. A sponsor uses their own name and network to open doors: recommending a student for a research position, introducing them to a program director, or nominating them for an award. Students from underrepresented and low-income backgrounds are often well mentored but under-sponsored.

## Ways to sponsor
- Share opportunities directly with your mentee, with a note on why they would be a good fit.
- Make warm introductions: a short email to both people saying why they should meet.
- Put your mentee's name forward for presentations, committees and awards.
- Invite them to see your work: clinic, research meetings, grand rounds.

## Writing a strong recommendation letter
- Say how you know the student and for how long.
- Give specific examples of what they did, not general praise.
- Describe growth and resilience in context where the student is comfortable with that, for example working while in school or caring for family, without making hardship the whole story.
- Compare honestly with other students you have known.

## Watch for biased language
Letters for women and for students of colour are more likely to use words like "hard-working" and "pleasant" and less likely to use words like "brilliant" or "exceptional". Read your letter again and ask: would I write the same way about a student from a different background?

## Sharing the load
Mentors from underrepresented groups are often asked to do far more mentoring and committee work than their colleagues (sometimes called the "minority tax"). Every mentor can help by taking on mentees from all backgrounds and by sponsoring colleagues as well as students. MentorQuilt spreads requests across the whole pool of mentors for the same reason.""",
    ),
    (
        "Getting the most from your mentors",
        "What a mentor can do for you, how to ask for help, and how to keep a mentorship going.",
        20,
        Decimal("0"),
        "mentee",
        False,
        True,
        "I have read this module in full and I know how to prepare for and follow up on meetings with my mentors.",
        """## Why have mentors?
Mentors are people further along the path who want to help you succeed. They can explain how things work, help you plan, introduce you to people, and encourage you when things are hard. Many successful doctors say a mentor made the difference for them.

## A quilt of mentors
You do not need one perfect mentor. On MentorQuilt you can have several, each helping with different needs: one who shares your background, one who knows about research, one who can help with your application. Together they make your quilt.

## You lead the relationship
Your mentors are busy, and they want to help. It is fine, and expected, for you to:
- Ask for a meeting and suggest times.
- Say what you want help with. "I need help choosing classes for next year" is a great start.
- Ask questions you think are "basic". Many people were never told these things.
- Follow up after a meeting with a short thank-you and what you will do next.

## Asking for help by email
A good email is short: a clear subject line, a greeting, one or two sentences about who you are, your question or request, and a thank-you. For example: "Dear Dr. Lee, thank you for meeting last month. I have drafted my personal statement and would be grateful for your feedback before March 1. Would you have time to look at it?"

## If something does not work
If a mentorship is not a good fit, it is okay to end it politely and look for another mentor. If anything makes you feel uncomfortable or unsafe, tell MentorQuilt staff. You can do this confidentially and it will not count against you.""",
    ),
    (
        "Your first meeting: goals, questions and next steps",
        "How to prepare for a first meeting with a mentor and leave it with a plan.",
        15,
        Decimal("0"),
        "mentee",
        False,
        True,
        "I have read this module in full and I will come to my first meeting prepared with goals and questions.",
        """## Before the meeting
- Read your mentor's profile and note anything you share or want to ask about.
- Write down two or three goals for the next year. They can be small: "raise my chemistry grade", "find a shadowing opportunity", "decide whether to apply this cycle".
- Prepare a few questions. For example: "How did you choose your specialty?", "What do you wish you had known as a student?", "What should I focus on this semester?"

## During the meeting
- Introduce yourself: where you study, what you are working toward, and what you would like help with.
- Agree on how often you will meet (every one to two months works for most people) and how you will stay in touch.
- Take notes, especially of names, websites and deadlines.
- Before you finish, agree on one or two things you will each do before the next meeting, and set the date.

## After the meeting
- Send a short thank-you message the same week.
- Add your goals to your action plan on MentorQuilt so your mentors can see your progress.
- Do the steps you agreed on, and tell your mentor how it went.

## Remember
You belong here. Asking for help is what successful people do.""",
    ),
]


def seed(apps, schema_editor):
    AgreementVersion = apps.get_model("training", "AgreementVersion")
    TrainingModule = apps.get_model("training", "TrainingModule")
    now = timezone.now()
    agreements = [
        ("mentor", "MentorQuilt mentor agreement", MENTOR_AGREEMENT),
        ("mentee", "MentorQuilt mentee agreement", MENTEE_AGREEMENT),
        ("conduct", "MentorQuilt code of conduct", CODE_OF_CONDUCT),
    ]
    for kind, title, body in agreements:
        if not AgreementVersion.objects.filter(kind=kind).exists():
            AgreementVersion.objects.create(
                kind=kind, version=1, title=title, body=body, published_at=now
            )
    if TrainingModule.objects.exists():
        return
    for position, row in enumerate(MODULES, start=1):
        title, summary, minutes, credit, audience, for_mentors, for_mentees, attest, content = row
        TrainingModule.objects.create(
            title=title,
            summary=summary,
            content=content,
            audience=audience,
            estimated_minutes=minutes,
            cme_credit_hours=credit,
            required_for_mentors=for_mentors,
            required_for_mentees=for_mentees,
            attestation=attest,
            position=position * 10,
        )


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
