"""`in` on an integer column keeps only the values such a column can hold.

Django leaves values outside a column's range out of `exact`, `gt`, `lt` and the like
(`IntegerFieldOverflow`), but not out of `in`: a form's multiple choice posted with a
twenty-digit id made SQLite raise `OverflowError`, a server error where the form should
say the choice is not valid (`ModelMultipleChoiceField` checks its values with `pk__in`).
No row holds such a value, so leaving it out changes no result; with none left, the
lookup matches nothing, as Django's own `in` does for an empty list.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


def _holds(value, low: int | None, high: int | None) -> bool:
    if not isinstance(value, int):
        return True  # left to the database (an expression, or not a number at all)
    return (low is None or value >= low) and (high is None or value <= high)


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [value for value in self.rhs if _holds(value, low, high)]
        return super().process_rhs(compiler, connection)
