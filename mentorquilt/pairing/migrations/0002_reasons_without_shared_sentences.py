"""Explanations stored before issue 9 held finished sentences; their "You share: ..."
sentence named attributes a mentee uses for matching but does not show. Remove it: the
rest (needs, fit, responsiveness, availability) names no background. Explanations stored
from now on keep codes and are worded for each reader (pairing.selectors.pair_reasons).
"""

from django.db import migrations


def forwards(apps, schema_editor):
    ProposedPair = apps.get_model("pairing", "ProposedPair")
    changed = []
    for pair in ProposedPair.objects.filter(explanation__has_key="reasons").iterator():
        reasons = pair.explanation.get("reasons") or []
        kept = [s for s in reasons if not str(s).startswith("You share")]
        if kept != reasons:
            pair.explanation = {**pair.explanation, "reasons": kept}
            changed.append(pair)
    ProposedPair.objects.bulk_update(changed, ["explanation"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("pairing", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
