"""Seed the taxonomies with sensible defaults (R37). Staff edit them in the admin afterwards.

The data is written out here, not imported, so this migration means the same thing forever.
Running it again adds only missing slugs and never overwrites a staff member's edits.
"""

from django.db import migrations

TRACKS = [
    ("medicine-md", "Medicine (MD)"),
    ("medicine-do", "Osteopathic medicine (DO)"),
    ("nursing", "Nursing"),
    ("pharmacy", "Pharmacy"),
    ("dentistry", "Dentistry"),
    ("public-health", "Public health"),
    ("physician-assistant", "Physician assistant (PA)"),
    ("research", "Biomedical research"),
]

STAGES = [
    ("high-school", "High school"),
    ("community-college", "Community college"),
    ("undergraduate", "Undergraduate (four-year college)"),
    ("post-baccalaureate", "Post-baccalaureate or gap years"),
    ("health-professions-student", "Medical or health-professions student"),
    ("graduate-student", "Graduate student"),
    ("resident", "Resident"),
    ("fellow", "Fellow"),
    ("attending", "Attending or practicing clinician"),
    ("faculty", "Faculty or researcher"),
]

SPECIALTIES = [
    ("anesthesiology", "Anesthesiology"),
    ("dermatology", "Dermatology"),
    ("emergency-medicine", "Emergency medicine"),
    ("family-medicine", "Family medicine"),
    ("internal-medicine", "Internal medicine"),
    ("neurology", "Neurology"),
    ("obstetrics-gynecology", "Obstetrics and gynecology"),
    ("ophthalmology", "Ophthalmology"),
    ("orthopedic-surgery", "Orthopedic surgery"),
    ("pathology", "Pathology"),
    ("pediatrics", "Pediatrics"),
    ("psychiatry", "Psychiatry"),
    ("radiology", "Radiology"),
    ("general-surgery", "General surgery"),
    ("urology", "Urology"),
    ("public-health-preventive", "Public health and preventive medicine"),
    ("nursing-practice", "Nursing practice"),
    ("clinical-pharmacy", "Clinical pharmacy"),
    ("general-dentistry", "General dentistry"),
    ("basic-science", "Basic science research"),
]

LANGUAGES = [
    ("en", "English"),
    ("es", "Spanish"),
    ("zh", "Chinese (Mandarin or Cantonese)"),
    ("vi", "Vietnamese"),
    ("tl", "Tagalog"),
    ("ar", "Arabic"),
    ("fr", "French"),
    ("ht", "Haitian Creole"),
    ("ko", "Korean"),
    ("ru", "Russian"),
    ("pt", "Portuguese"),
    ("hi", "Hindi"),
    ("so", "Somali"),
    ("nv", "Navajo (Diné)"),
    ("ase", "American Sign Language"),
]

FORMATS = [
    ("video", "Video call"),
    ("phone", "Phone call"),
    ("in-person", "In person"),
    ("messages", "Messages and email"),
]

NEEDS = [
    ("academic-success", "Academic success", "Study habits, hard courses, getting help early."),
    ("test-preparation", "Test preparation", "MCAT, DAT, PCAT, boards and other exams."),
    (
        "applying-to-school",
        "Applying to medical or professional school",
        "Where and when to apply, the application itself.",
    ),
    ("personal-statement", "Personal statement", "Telling your story in your own words."),
    ("interviews", "Interviews", "Practice and what to expect."),
    (
        "transfer",
        "Transfer to a four-year school",
        "Moving from community college to a university.",
    ),
    ("research", "Research", "Finding a lab or project, posters and papers."),
    ("specialty-choice", "Specialty choice", "Learning what different fields are really like."),
    ("residency-application", "Residency application", "ERAS, letters, rank lists, the Match."),
    ("finances-aid", "Finances and aid", "Scholarships, loans, fee waivers, budgeting."),
    ("wellness", "Wellness", "Stress, sleep, burnout, asking for support."),
    ("bias-discrimination", "Navigating bias and discrimination", "What to do and who to talk to."),
    ("imposter-feelings", "Imposter feelings", "Feeling like you do not belong, and why you do."),
    (
        "family-life-balance",
        "Family and life balance",
        "Caregiving, parenting, family expectations.",
    ),
    ("leadership", "Leadership", "Leading groups, projects and organizations."),
    ("networking", "Networking", "Meeting people in the field and keeping in touch."),
]

# dimension slug, name, question for mentees, wish_only, [(category slug, name)]
DIMENSIONS = [
    (
        "race-ethnicity",
        "Race and ethnicity",
        "How much does it matter that your mentor shares your racial or ethnic background?",
        False,
        [
            ("race-american-indian-alaska-native", "American Indian or Alaska Native"),
            ("race-asian", "Asian"),
            ("race-black-african-american", "Black or African American"),
            ("race-hispanic-latino", "Hispanic, Latino or Latina, Latinx"),
            ("race-middle-eastern-north-african", "Middle Eastern or North African"),
            ("race-native-hawaiian-pacific-islander", "Native Hawaiian or Pacific Islander"),
            ("race-white", "White"),
            ("race-another", "Another race or ethnicity"),
        ],
    ),
    (
        "first-generation",
        "First generation",
        "How much does it matter that your mentor was the first in their family to go to college?",
        False,
        [("first-generation-college", "First in my family to go to college")],
    ),
    (
        "income-background",
        "Income background",
        "How much does it matter that your mentor grew up in a low-income household?",
        False,
        [("income-low", "Grew up in a low-income household")],
    ),
    (
        "gender",
        "Gender",
        "How much does it matter that your mentor shares your gender?",
        False,
        [
            ("gender-woman", "Woman"),
            ("gender-man", "Man"),
            ("gender-nonbinary", "Non-binary"),
            ("gender-another", "Another gender"),
        ],
    ),
    (
        "lgbtq",
        "LGBTQ+",
        "How much does it matter that your mentor is LGBTQ+?",
        False,
        [("lgbtq-member", "LGBTQ+")],
    ),
    (
        "language",
        "Language at home",
        "How much does it matter that your mentor grew up speaking your family's language?",
        False,
        [
            ("home-language-spanish", "Grew up speaking Spanish"),
            ("home-language-chinese", "Grew up speaking Chinese"),
            ("home-language-vietnamese", "Grew up speaking Vietnamese"),
            ("home-language-tagalog", "Grew up speaking Tagalog"),
            ("home-language-arabic", "Grew up speaking Arabic"),
            ("home-language-haitian-creole", "Grew up speaking Haitian Creole"),
            ("home-language-indigenous", "Grew up speaking an Indigenous language"),
            ("home-language-other", "Grew up speaking another language than English"),
        ],
    ),
    (
        "immigrant-daca",
        "Immigrant or DACA experience",
        "How much does it matter that your mentor has immigrant or DACA experience (their own or their family's)?",
        True,
        [
            (
                "immigrant-experience",
                "Immigrant experience, my own or my family's, and I can mentor on it",
            )
        ],
    ),
    (
        "rural-origin",
        "Rural origin",
        "How much does it matter that your mentor grew up in a rural area?",
        False,
        [("rural-raised", "Grew up in a rural area")],
    ),
    (
        "parent",
        "Parent",
        "How much does it matter that your mentor is a parent?",
        False,
        [("parent-yes", "Parent or primary caregiver of a child")],
    ),
    (
        "veteran",
        "Veteran",
        "How much does it matter that your mentor served in the military?",
        False,
        [("veteran-yes", "Veteran or service member")],
    ),
    (
        "disability",
        "Disability",
        "How much does it matter that your mentor has a disability?",
        False,
        [("disability-yes", "Person with a disability")],
    ),
    (
        "religion",
        "Religion",
        "How much does it matter that your mentor shares your religion or faith?",
        False,
        [
            ("religion-buddhist", "Buddhist"),
            ("religion-christian", "Christian"),
            ("religion-hindu", "Hindu"),
            ("religion-jewish", "Jewish"),
            ("religion-muslim", "Muslim"),
            ("religion-sikh", "Sikh"),
            ("religion-none", "Not religious"),
            ("religion-another", "Another religion or faith"),
        ],
    ),
]


def seed(apps, schema_editor):
    def upsert(model_name, rows):
        model = apps.get_model("profiles", model_name)
        for order, row in enumerate(rows, start=1):
            slug, name, *rest = row
            defaults = {"name": name, "sort_order": order * 10}
            if rest:
                defaults["description"] = rest[0]
            model.objects.get_or_create(slug=slug, defaults=defaults)

    upsert("Track", TRACKS)
    upsert("TrainingStage", STAGES)
    upsert("Specialty", SPECIALTIES)
    upsert("Language", LANGUAGES)
    upsert("MeetingFormat", FORMATS)
    upsert("NeedArea", NEEDS)
    Dimension = apps.get_model("profiles", "AffinityDimension")
    Category = apps.get_model("profiles", "AffinityCategory")
    for d_order, (slug, name, question, wish_only, categories) in enumerate(DIMENSIONS, start=1):
        dimension, _ = Dimension.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "question": question,
                "wish_only": wish_only,
                "sort_order": d_order * 10,
            },
        )
        for c_order, (c_slug, c_name) in enumerate(categories, start=1):
            Category.objects.get_or_create(
                slug=c_slug,
                defaults={"name": c_name, "dimension": dimension, "sort_order": c_order * 10},
            )


class Migration(migrations.Migration):
    dependencies = [("profiles", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
