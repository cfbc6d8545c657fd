"""The scan of a text: every citation, in order, without overlaps.

`_Scanner` reads the folded copy of the text (`normalise._fold`), looks for the triggers
of `patterns`, reads laws, decrees, arrêtés... and lists of articles with what they
belong to (a code of `code_names`, "du même code", a text cited before or after), and
builds the `Reference`s with offsets into the original text. `parser.parse` runs it.
"""

import dataclasses
import re

from passeurs.blockers.legal.code_names import _NO_CODE, _Code, _code_table, _compact
from passeurs.blockers.legal.codes import codes_by_slug
from passeurs.blockers.legal.normalise import (
    _article_parts,
    _canonical,
    _fold,
    _key_article,
    _parse_date,
    _slug,
)
from passeurs.blockers.legal.patterns import (
    _ARRETE_CIRCULAR,
    _BILL,
    _CLOSE,
    _CODE_GLUE,
    _DANGLING,
    _FINANCE,
    _FINANCE_TAIL,
    _FIRST_ITEM,
    _FOLLOWING,
    _GAP,
    _HEADS,
    _KEY_PREFIXES,
    _LAST_WORD,
    _LAW_DECREE_ORDINANCE,
    _LOOKBACK,
    _NEXT_ITEM,
    _SAME_CODE,
    _TEXT_GLUE,
    _TITLE_KEY_WORDS,
    _TITLE_MAX,
    _TITLE_START,
    _TITLE_STOP,
    _TITLE_STOPWORDS,
    _TRIGGER,
    _UNKNOWN_CODE,
)
from passeurs.blockers.legal.references import (
    AMBIGUOUS_CODE,
    INVALID_DATE,
    MISSING_NUMBER,
    NO_NUMBER,
    RANGE,
    UNKNOWN_CODE,
    Kind,
    Reference,
    _flags,
)

# The scanner -------------------------------------------------------------------------


class _Scanner:
    def __init__(self, text: str):
        self.text = text
        self.folded = _fold(text)
        self.refs: list[Reference] = []
        self.last_code: _Code | None = None  # for "du même code"

    def run(self) -> list[Reference]:
        position = 0
        while match := _TRIGGER.search(self.folded, position):
            start = match.start()
            if match["article"]:
                end = self._articles(start, match.end(), keyword=True)
            else:
                end = self._standalone_text(start) or self._articles(start, start, keyword=False)
            position = end or match.end()
        return self.refs

    # Laws, decrees, arrêtés...

    def _standalone_text(self, start: int) -> int | None:
        ref = self._read_text(start)
        if ref is None:
            return None
        self.refs.append(ref)
        return ref.end

    def _read_text(self, start: int) -> Reference | None:
        if _BILL.search(self.folded, max(0, start - 30), start):
            return None  # a bill is not a law yet
        if match := _FINANCE.match(self.folded, start):
            return self._finance(start, match.end(), match["head"], int(match["year"]))
        if match := _LAW_DECREE_ORDINANCE.match(self.folded, start):
            return self._numbered_text(match)
        if match := _ARRETE_CIRCULAR.match(self.folded, start):
            return self._numbered_text(match)
        return None

    def _finance(
        self,
        start: int,
        end: int,
        head: str,
        year: int,
        number: str | None = None,
        date: str | None = None,
        flags: list[str] | tuple[str, ...] = (),
    ) -> Reference:
        prefix = "lfss" if head == "lfss" or "financement" in head else "lfi"
        return Reference(
            kind=Kind.FINANCE_LAW,
            raw=self.text[start:end],
            start=start,
            end=end,
            key=f"{prefix}:{year}",
            number=number,
            date=date,
            year=year,
            flags=_flags(*flags),
        )

    def _numbered_text(self, match: re.Match) -> Reference | None:
        head = match["head"]
        kind = next(kind for stem, kind in _HEADS if head.startswith(stem))
        start, end = match.start(), match.end()
        number_group = "number" if match["number"] else "bare_number"
        number = None
        if match.groupdict().get(number_group):
            number = "".join(self.text[match.start(number_group) : match.end(number_group)].split())
        flags = []
        date = None
        if match["date"]:
            date = _parse_date(match["date"])
            if date is None:
                flags.append(INVALID_DATE)
        if match["mark"] and not number:
            flags.append(MISSING_NUMBER)
        title = None
        if kind == Kind.ARRETE:
            title, end = self._title(end)

        if not number and not date:
            if not flags:
                return None  # "la loi", "un décret": no citation at all
            raw = self.text[start:end]
            key = f"unknown:{_slug(raw)}"
            return Reference(Kind.UNKNOWN, raw, start, end, key, flags=_flags(*flags))
        if not number and MISSING_NUMBER not in flags:
            flags.append(NO_NUMBER)
        year = int(date[:4]) if date else None
        if year is None and number and re.match(r"[12][0-9]{3}-", number):
            year = int(number[:4])
        if kind == Kind.LAW and (tail := _FINANCE_TAIL.match(self.folded, end)):
            return self._finance(
                start, tail.end(), tail["head"], int(tail["year"]), number, date, flags
            )
        identifier = _slug(number) if number else date
        key = f"{_KEY_PREFIXES[kind]}:{identifier}"
        if kind == Kind.ARRETE and not number and title:
            words = [w for w in _slug(title).split("-") if w not in _TITLE_STOPWORDS]
            if words:
                key += ":" + "-".join(words[:_TITLE_KEY_WORDS])
        return Reference(
            kind=kind,
            raw=self.text[start:end],
            start=start,
            end=end,
            key=key,
            number=number,
            date=date,
            year=year,
            title=title,
            flags=_flags(*flags),
        )

    def _title(self, position: int) -> tuple[str | None, int]:
        """The title after an arrêté's date, up to punctuation or the next citation."""
        match = _TITLE_START.match(self.folded, position)
        if not match:
            return None, position
        start = match.end()
        limit = min(len(self.folded), start + _TITLE_MAX)
        stop = _TITLE_STOP.search(self.folded, start, limit)
        end = stop.start() if stop else limit
        if not stop and limit < len(self.folded):
            end = max(self.folded.rfind(" ", start, limit), start)
        while True:
            end = start + len(self.folded[start:end].rstrip(" -'"))
            last = _LAST_WORD.search(self.folded, start, end)
            if last and last.start() > start and last.group() in _DANGLING:
                end = last.start()
                continue
            break
        if end <= start:
            return None, position
        return self.text[start:end], end

    # Articles

    def _articles(self, start: int, position: int, *, keyword: bool) -> int | None:
        first = _FIRST_ITEM.match(self.folded, position)
        if not first or not self._item_allowed(first, keyword):
            return None
        items, joints = [first], [""]
        end = first.end()
        while (item := _NEXT_ITEM.match(self.folded, end)) and self._item_allowed(item, keyword):
            items.append(item)
            joints.append(item["joint"].strip(" ,"))
            end = item.end()
        if following := _FOLLOWING.match(self.folded, end):
            end = following.end()

        code, text = None, None
        if target := self._target(end):
            end, code, text = target
        elif keyword and (previous := self._adjacent_text(start)) is not None:
            text = self.refs.pop()
            start = previous
        elif keyword and (before := self._code_before(start)):
            start, code = before
        else:
            code = _NO_CODE
        if code is not None and code is not _NO_CODE:
            self.last_code = code

        ranges = {i for i, joint in enumerate(joints) if joint in ("a", "au")}
        ranges |= {i - 1 for i in ranges}
        for index, item in enumerate(items):
            item_start = start if index == 0 else item.start("item")
            item_end = end if index == len(items) - 1 else item.end("item")
            parts = _article_parts(item)
            article = _canonical(parts)
            extra = (RANGE,) if index in ranges else ()
            raw = self.text[item_start:item_end]
            if text is not None:
                ref = dataclasses.replace(
                    text,
                    raw=raw,
                    start=item_start,
                    end=item_end,
                    article=article,
                    key=f"{text.key}#{_key_article(article)}",
                    flags=_flags(*text.flags, *extra),
                )
            else:
                ref = Reference(
                    kind=Kind.CODE_ARTICLE,
                    raw=raw,
                    start=item_start,
                    end=item_end,
                    key=code.key(article),
                    code_slug=code.slug,
                    code_name=code.name,
                    article=article,
                    flags=_flags(*code.flags, *extra),
                    candidates=code.candidates,
                )
            self.refs.append(ref)
        return end

    def _item_allowed(self, item: re.Match, keyword: bool) -> bool:
        """Without "article" before it, only "L. 165-1" typed with a capital counts.

        D and A also need their dot: "route D 12-3" and "A 6" are roads.
        """
        if keyword:
            return True
        prefix = item["prefix"]
        return bool(
            prefix
            and item["num"]
            and "-" in item["num"]
            and self.text[item.start("item")].isupper()
            and (prefix in ("l", "r", "lo") or "." in item["pmark"])
        )

    def _target(self, position: int) -> tuple[int, _Code | None, Reference | None] | None:
        """What the articles belong to: a code, "du même code", or a law, decree..."""
        if same := _SAME_CODE.match(self.folded, position):
            return same.end(), self.last_code or _NO_CODE, None
        glue = _CODE_GLUE.match(self.folded, position)
        if (match := _code_table().match.match(self.folded, glue.end())) and (
            code := self._known_code(match.start(), match.end())
        ):
            end = match.end()
            if glue["paren"] and (close := _CLOSE.match(self.folded, end)):
                end = close.end()
            return end, code, None
        text_glue = _TEXT_GLUE.match(self.folded, position)
        if text_glue and (text := self._read_text(text_glue.end())) and text.kind != Kind.UNKNOWN:
            return text.end, None, text
        if unknown := _UNKNOWN_CODE.match(self.folded, glue.end()):
            typed = self.text[unknown.start() : unknown.end()]
            return unknown.end(), _Code(slug=None, name=typed, flags=(UNKNOWN_CODE,)), None
        return None

    def _known_code(self, start: int, end: int) -> _Code | None:
        typed = self.text[start:end]
        compact = _compact(typed)
        slugs = _code_table().forms.get(compact, ())
        if len(compact) <= 2 and not all(c.isupper() for c in typed if c.isalnum()):
            return None  # "ce", "cp" are words; "CE", "CP" are codes
        if len(slugs) == 1:
            return _Code(slug=slugs[0], name=codes_by_slug()[slugs[0]].name)
        if slugs:
            return _Code(slug=None, name=typed, candidates=slugs, flags=(AMBIGUOUS_CODE,))
        return None

    def _floor(self) -> int:
        return self.refs[-1].end if self.refs else 0

    def _adjacent_text(self, start: int) -> int | None:
        """ "loi n° 2018-771, art. 6": the start of the text the articles belong to."""
        if not self.refs:
            return None
        previous = self.refs[-1]
        if previous.kind in (Kind.CODE_ARTICLE, Kind.UNKNOWN) or previous.article:
            return None
        if _GAP.fullmatch(self.folded, previous.end, start):
            return previous.start
        return None

    def _code_before(self, start: int) -> tuple[int, _Code] | None:
        """ "C. trav., art. L. 1237-19": a code named just before the articles."""
        table = _code_table()
        low = max(self._floor(), start - _LOOKBACK)
        for position in range(low, start):
            if self.folded[position] not in table.first_letters or (
                position > 0 and self.folded[position - 1].isalnum()
            ):
                continue
            match = table.before.match(self.folded, position, start)
            if match and (code := self._known_code(match.start("code"), match.end("code"))):
                return position, code
        return None
