"""The LLM lens inside a system: the serving group placed in the system's scale-up domain,
communication charged by the system's fabric.

Nothing here computes a bound: :mod:`chipspec.lenses.llm.serving` does, with its fabric
model (the all-reduce steps per fabric kind for tensor parallelism; dispatch and combine
for experts under the attention data-parallel layout). This module only says what the
system changes: the fabric kind and the domain size (:class:`Settings` ``fabric`` and
``domain``, so a group larger than the domain is refused with the reason), and the link
the group talks over, which is the system's per-chip scale-up bandwidth where its sheet
gives one (the chip sheet's interconnect figure otherwise). It adds what only a system
has: the largest model one domain holds, and tokens per second per kW of the system's
published power.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ...errors import UsageError
from ...spec import Spec, make_provenance
from ...system import System
from .model import Model, load_model
from .serving import STORAGE, Scenario, Serving, Settings

__all__ = ["SystemServing", "llm_system", "system_chip", "system_settings"]


def system_chip(system: System) -> Spec:
    """The system's chip as the lens sees it inside the system: its link figure is the
    system's per-chip scale-up bandwidth where the sheet gives one (with the system
    sheet's sources), else the chip sheet's own."""
    own = system.entries.get("domain.bandwidth")
    chip = system.chip
    if own is None:
        return chip
    entries = dict(chip.entries)
    entries["interconnect.bandwidth"] = make_provenance(
        "interconnect.bandwidth", own.stored, own.sources, own.confidence, own.note, own.alternatives,
        system.id, own.line, True, own.acks, own.annotations,
    )  # fmt: skip
    return Spec(
        chip.id, entries, aliases=chip.aliases, sources={**chip.sources, **system.sources}, path=chip.path,
        preferred_source=chip.preferred_source,
    )  # fmt: skip


def system_settings(system: System, settings: Settings) -> Settings:
    """``settings`` with the system's fabric kind and domain size.

    Raises:
        UsageError: the settings already name another fabric or domain, or the group is
            larger than the domain (the lens does not model the link between domains).
    """
    kind = system.fabric_kind
    if settings.fabric not in ("auto", kind) and kind is not None:
        raise UsageError(f"the fabric {settings.fabric} contradicts {system.id}'s {kind} fabric; leave it out")
    if settings.domain not in (None, system.domain_size):
        raise UsageError(
            f"a domain of {settings.domain} chips contradicts {system.id}'s domain of {system.domain_size} chips"
        )
    fabric = kind if kind is not None else settings.fabric
    return dataclasses.replace(settings, fabric=fabric, domain=system.domain_size)


@dataclass(frozen=True)
class SystemServing:
    """Servings of one model on one system (one per batch), with what the system adds."""

    system: System
    servings: tuple[Serving, ...]
    settings: Settings

    @property
    def groups_per_domain(self) -> int:
        """Whole serving groups one scale-up domain holds."""
        return self.system.domain_size // self.settings.group_size

    def largest_model(self) -> float | None:
        """Parameters (billions) whose weights alone fill one domain's HBM at the weights
        format (no KV cache, no runtime reserve: a bound), None when HBM is unknown."""
        entry = self.system.chip.entries.get("memory.capacity")
        if entry is None or entry.number is None or self.settings.weights not in STORAGE:
            return None  # unknown HBM, or a per-part checkpoint format (no one size per weight)
        bits = STORAGE[self.settings.weights][0]
        return float(entry.number) * self.system.domain_size / (bits / 8)

    def tokens_per_kw(self, index: int = 0) -> float | None:
        """Tokens per second per kW of the system's published power, every chip serving as
        the groups this estimate places (None without a published power or a rate)."""
        power = self.system.number("power.total")
        rate = self.servings[index].column("tokens_per_second_per_chip").values[0]
        if power is None or rate != rate:
            return None
        return float(rate) * self.system.count / (power / 1000)

    def record(self, index: int = 0) -> dict[str, Any]:
        """What the system adds to serving row ``index``, as plain data (JSON)."""
        return {
            "system": self.system.id,
            "domain_size": self.system.domain_size,
            "fabric_kind": self.system.fabric_kind,
            "groups_per_domain": self.groups_per_domain,
            "largest_model_billion_parameters": self.largest_model(),
            "tokens_per_second_per_kw": self.tokens_per_kw(index),
        }

    def lines(self, lang: str = "en") -> list[str]:
        """The placement and the system's own figures, in words in ``lang`` (printed under
        the table)."""
        from ... import i18n

        def say(text: str, **values: Any) -> str:
            return i18n.phrase(text, lang).format(**values)

        st, s = self.settings, self.system
        link = s.entries.get("domain.bandwidth")
        where = (
            say("{bandwidth} per chip from {system}", bandwidth=link.text, system=s.id)
            if link is not None
            else say("the chip sheet's link figure")
        )
        fabric = (
            (s.fabric_kind if lang == "en" else i18n.label(f"fabric.{s.fabric_kind}", lang))
            if s.fabric_kind
            else say("unknown")
        )
        out = [
            say(
                "{system}: an expert-parallel (attention data-parallel) group of {n} chips inside one scale-up "
                "domain of {size} ({fabric} fabric, {where}); {groups} group(s) per domain"
                if st.kv_layout == "dp"
                else "{system}: a tensor-parallel group of {n} chips inside one scale-up domain of {size} ({fabric} "
                "fabric, {where}); {groups} group(s) per domain",
                system=s.name,
                n=st.group_size,
                size=s.domain_size,
                fabric=fabric,
                where=where,
                groups=self.groups_per_domain,
            )
        ]
        largest = self.largest_model()
        if largest is not None:
            out.append(
                say(
                    "one domain's HBM holds the weights of at most {largest} B parameters at {weights} (weights "
                    "only: no KV cache, no reserve)",
                    largest=f"{largest:,.0f}",
                    weights=st.weights,
                )
            )
        for serving in self.servings:
            per_kw = self.tokens_per_kw(self.servings.index(serving))
            if per_kw is not None:
                out.append(
                    say(
                        "batch {batch}: {rate} tokens/s per kW of {system}'s published power",
                        batch=serving.scenario.batch,
                        rate=f"{per_kw:,.0f}",
                        system=s.name,
                    )
                )
        if s.number("power.total") is None:
            out.append(say("tokens/s per kW: {system} publishes no system power", system=s.name))
        return out


def llm_system(
    model: str | Model,
    system: System,
    batches: Sequence[int] = (1,),
    settings: Settings | None = None,
    **scenario: Any,
) -> SystemServing:
    """How ``system`` serves ``model``: the group (``settings.group_size`` chips; for a MoE
    model with ``kv_layout="dp"``, the expert-parallel group) placed inside one scale-up
    domain, communication charged by the system's fabric at its scale-up bandwidth.
    ``scenario`` is ``context``, or ``prompt`` and ``generate``.

    Raises:
        UsageError: a group larger than the domain, or settings that contradict the system.
    """
    m = load_model(model)
    st = system_settings(system, settings or Settings())
    st.check(m)
    if not scenario:
        scenario = {"context": 4096}
    chip = system_chip(system)
    servings = tuple(Serving(m, [chip], Scenario.make(b, **scenario), st) for b in batches)
    return SystemServing(system, servings, st)
