"""Resources and budgets: people and material resources, capacity, FTE allocations,
CAPEX/OPEX budget lines, actual and committed costs, and budget-overrun alerts."""

from resources.models.alert_recipients import AlertRecipient
from resources.models.budgets import (
    ActualCost,
    Alert,
    AlertKind,
    AlertStatus,
    BudgetLine,
    BudgetSettings,
    CommitmentStatus,
    CommittedCost,
    CostCategory,
    CostSource,
    Nature,
)
from resources.models.capacity import (
    FTE,
    Allocation,
    AllocationStatus,
    Availability,
    Resource,
    ResourceKind,
    Skill,
    Team,
    first_of_month,
)
from resources.models.imports import ImportKind, ImportOutcome, ImportRun, StagedImport
from resources.models.team_needs import PlannedTeamNeed

__all__ = [
    "FTE",
    "ActualCost",
    "Alert",
    "AlertKind",
    "AlertRecipient",
    "AlertStatus",
    "Allocation",
    "AllocationStatus",
    "Availability",
    "BudgetLine",
    "BudgetSettings",
    "CommitmentStatus",
    "CommittedCost",
    "CostCategory",
    "CostSource",
    "ImportKind",
    "ImportOutcome",
    "ImportRun",
    "Nature",
    "PlannedTeamNeed",
    "Resource",
    "ResourceKind",
    "Skill",
    "StagedImport",
    "Team",
    "first_of_month",
]
