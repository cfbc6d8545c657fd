"""The pairing page forms. They parse and render input; the services validate and write.

The package, by topic (it re-exports the public names; the private ones stay in their
module):

- `editions`: `EditionForm` (an edition's calendar, capacity and matching settings, with
  `WEIGHT_TERMS` and `WEIGHT_HELP`), `DATE_WIDGET`, and the coordinators' buttons:
  `VersionForm`, `DecideForm`, `RuleForm`;
- `candidacies`: applying (`ServantCandidacyForm`, `ProjectCandidacyForm`, on a shared
  `_CandidacyForm`, with `MULTIPLE_HELP` and `administrations_of`), ranking the other side
  (`RankingForm`, `public_label`, `public_help`) and `WithdrawForm`;
- `pairs`: a pair's page: `RespondForm`, `ObjectivesForm`, `MeetingForm`, `ActionForm`,
  `EvaluateForm`, `CloseForm`, `EndEarlyForm`.
"""

from passeurs.pairing.forms.candidacies import MULTIPLE_HELP as MULTIPLE_HELP
from passeurs.pairing.forms.candidacies import (
    ProjectCandidacyForm,
    ServantCandidacyForm,
    WithdrawForm,
)
from passeurs.pairing.forms.candidacies import RankingForm as RankingForm
from passeurs.pairing.forms.candidacies import administrations_of as administrations_of
from passeurs.pairing.forms.candidacies import public_help as public_help
from passeurs.pairing.forms.candidacies import public_label as public_label
from passeurs.pairing.forms.editions import DATE_WIDGET as DATE_WIDGET
from passeurs.pairing.forms.editions import WEIGHT_HELP as WEIGHT_HELP
from passeurs.pairing.forms.editions import WEIGHT_TERMS as WEIGHT_TERMS
from passeurs.pairing.forms.editions import DecideForm, EditionForm, RuleForm, VersionForm
from passeurs.pairing.forms.pairs import (
    ActionForm,
    CloseForm,
    EndEarlyForm,
    EvaluateForm,
    MeetingForm,
    ObjectivesForm,
    RespondForm,
)

__all__ = [
    "ActionForm",
    "CloseForm",
    "DecideForm",
    "EditionForm",
    "EndEarlyForm",
    "EvaluateForm",
    "MeetingForm",
    "ObjectivesForm",
    "ProjectCandidacyForm",
    "RespondForm",
    "RuleForm",
    "ServantCandidacyForm",
    "VersionForm",
    "WithdrawForm",
]
