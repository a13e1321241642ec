from .access import AccessLog
from .auth import AuthPurpose, OneTimePassword, OtpStatus, SignatureChallenge
from .payments import (
    Category,
    CategoryMembership,
    Payment,
    PaymentKind,
    PaymentRegister,
    Refund,
    RegisterKind,
    RegisterStatus,
)
from .people import IdentityRecord, Language, Payer, PayerKind, Person
from .reference import CalendarOverride, CalendarOverrideKind, CoveragePolicy, MinimumWage
from .requests import (
    Channel,
    ConsumerStatus,
    IssuedDocument,
    Refusal,
    RefusalGround,
    RequestStatus,
    ServiceStageEvent,
    Stage,
    Statement,
    StatementRequest,
)
from .service_level import ServiceLevelReport

__all__ = [
    "AccessLog",
    "AuthPurpose",
    "CalendarOverride",
    "CalendarOverrideKind",
    "Category",
    "CategoryMembership",
    "Channel",
    "ConsumerStatus",
    "CoveragePolicy",
    "IdentityRecord",
    "IssuedDocument",
    "Language",
    "MinimumWage",
    "OneTimePassword",
    "OtpStatus",
    "Payer",
    "PayerKind",
    "Payment",
    "PaymentKind",
    "PaymentRegister",
    "Person",
    "Refund",
    "Refusal",
    "RefusalGround",
    "RegisterKind",
    "RegisterStatus",
    "RequestStatus",
    "ServiceLevelReport",
    "ServiceStageEvent",
    "SignatureChallenge",
    "Stage",
    "Statement",
    "StatementRequest",
]
