"""Routes billing owns: billing details (A011, A012), prices (A006, A014–A019), credits (A010, A133) and
permanent-schedule agreements (A007, A008), consumption reports (A020–A022), and what accounts staff switch and
watch (A135–A137).

"Accounts" in the seed's rules is read as both accounts roles (accounts users and accounts admins), as A135 and
A137 spell it out; where the seed names only accounts users (A015, A016, A018), only they are admitted.
"""

from __future__ import annotations

from billing.contract.accounts import (
    BillingSettingsView,
    RunningStateView,
    SwitchAccountBilling,
    SwitchMonthlyReport,
)
from billing.contract.agreements import AgreementView, PurchaseAgreements, PurchasedAgreements
from billing.contract.pricing import (
    CreditView,
    DefaultPricing,
    GrantCredits,
    PriceSelectors,
    PriceVersionView,
    Pricing,
    SetPrice,
)
from billing.contract.reports import DATES, ITEMS_PER_PAGE, ConsumptionReport, ConsumptionReportV2, HourlyLine
from billing.contract.schemas import BillingDetailsView, SaveBillingDetails
from common.access.builder import RouteBuilder, with_schema
from common.access.rules import Route
from common.access.shorthand import ACCOUNTS_ADMIN, ACCOUNTS_USER, AUTHENTICATED, SUPERUSER, managing

DETAILS = "/api/billing_details"
PRICING = "/api/pricing"
ORGANISATION = "/api/organisations/{organisation_id}"
CREDITS = "/api/credits"
AGREEMENTS = "/api/permanent_schedule_agreements"
REPORT = "/api/consumption_report"
REPORT_RULE = (
    "The seed names no caller: read as for the managing organisation's prices (A014), superuser or any member. "
    "Its current currency only."
)
NEEDS_MANAGING = "A caller with no managing organisation (a superuser may have none) gets 409."
CURRENCY = "`?currency=` picks usd, gbp or eur; the organisation's current currency (as the gateway told us) if absent."
KNOWN = "An organisation billing has not heard of from the gateway, or one deleted, is 404."
NO_STRIPE = "No payment provider is called: this records the details; the Stripe customer comes with payments."
NO_EXCEPTIONS = "The seed says no exceptions for superusers: they see the credits of their own managing organisation."

AGREEMENT_RULE = (
    "Priced with the A017 price in force in the organisation's current currency (none: 409). On credits, refused "
    "(409) unless the credits cover everything owed and the purchase; on account billing charged to the account."
)

_r = RouteBuilder("billing", {"organisation_id": "organisation_id"})

ROUTES: tuple[Route, ...] = (
    _r("billing_details.read", "A011", "GET", DETAILS, "Billing details of the managing organisation",
       SUPERUSER, ACCOUNTS_USER, ACCOUNTS_ADMIN, managing("admin"), response=BillingDetailsView,
       object_rule=f"{CURRENCY} None recorded for that currency: 404. {NEEDS_MANAGING}", errors=(404, 409)),
    _r("billing_details.save", "A012", "PUT", DETAILS, "Create or update the managing organisation's billing details",
       SUPERUSER, managing("admin"), request=SaveBillingDetails, response=BillingDetailsView,
       object_rule=NEEDS_MANAGING, note=NO_STRIPE, errors=(409,)),
    _r("pricing.selectors", "A006", "GET", f"{PRICING}/permanent_schedules/selectors",
       "Dropdown values for permanent agreement price selectors", AUTHENTICATED, response=PriceSelectors),
    _r("pricing.managing", "A014", "GET", PRICING, "Prices in force for the managing organisation",
       SUPERUSER, managing(), response=Pricing, object_rule=f"{CURRENCY} {NEEDS_MANAGING}", errors=(409,),
       note="A custom price in force wins over the default one."),
    _r("pricing.set_custom", "A015", "PUT", f"{ORGANISATION}/pricing", "Create or update a custom price",
       SUPERUSER, ACCOUNTS_USER, request=SetPrice, response=PriceVersionView, object_rule=KNOWN, errors=(404,),
       note="Each call adds a version; earlier versions keep pricing the periods they covered."),
    _r("pricing.defaults", "A016", "GET", f"{PRICING}/default", "Default prices with every version",
       SUPERUSER, ACCOUNTS_USER, response=DefaultPricing, note="`?currency=` narrows to one currency."),
    _r("pricing.permanent_schedules", "A017", "GET", f"{PRICING}/permanent_schedules",
       "Permanent-schedule prices in force for the managing organisation", SUPERUSER, managing(), response=Pricing,
       object_rule=f"{CURRENCY} {NEEDS_MANAGING}", errors=(409,)),
    _r("pricing.set_default", "A018", "POST", f"{PRICING}/default", "Add a version of a default price",
       SUPERUSER, ACCOUNTS_USER, request=SetPrice, response=PriceVersionView, status=201,
       note="valid_from may not be in the past, so every period already priced keeps its price."),
    _r("pricing.organisation", "A019", "GET", f"{ORGANISATION}/pricing", "Prices in force for an organisation",
       SUPERUSER, ACCOUNTS_USER, ACCOUNTS_ADMIN, managing(), response=Pricing,
       object_rule=f"Members only for their managing organisation; another is 404. {KNOWN} {CURRENCY}",
       errors=(404,)),
    *with_schema(
        _r("credits.list", "A010", "GET", CREDITS, "Credits of the managing organisation", managing(),
           list_of=CreditView, object_rule=NEEDS_MANAGING, note=NO_EXCEPTIONS, errors=(409,)),
        "credits.schema", "Schema of the credits collection"),
    _r("credits.grant", "A133", "POST", f"{ORGANISATION}/credits", "Add free credits to an organisation",
       SUPERUSER, ACCOUNTS_USER, ACCOUNTS_ADMIN, request=GrantCredits, response=CreditView, status=201,
       object_rule=KNOWN, errors=(404,)),
    *with_schema(
        _r("agreements.list", "A007", "GET", AGREEMENTS, "Permanent-schedule agreements of the managing organisation",
           SUPERUSER, managing(), list_of=AgreementView, object_rule=NEEDS_MANAGING, errors=(409,),
           note="Filter `is_assigned=false&is_finished=false` for the ones an output can be assigned."),
        "agreements.schema", "Schema of the permanent-schedule agreements collection"),
    _r("agreements.purchase", "A008", "POST", AGREEMENTS, "Purchase permanent-schedule agreements",
       SUPERUSER, managing("admin", "operator"), request=PurchaseAgreements, response=PurchasedAgreements,
       status=201, object_rule=f"{NEEDS_MANAGING} {AGREEMENT_RULE}", errors=(404, 409)),
    _r("consumption.report", "A020", "GET", REPORT, "Consumption report of the managing organisation",
       SUPERUSER, managing(), response=ConsumptionReport, object_rule=f"{DATES} {NEEDS_MANAGING}", note=REPORT_RULE,
       errors=(400, 409)),
    _r("consumption.report_v2", "A022", "GET", "/api/v2/consumption_report",
       "Consumption report v2 of the managing organisation, with its days", SUPERUSER, managing(),
       response=ConsumptionReportV2, object_rule=f"{DATES} {NEEDS_MANAGING}", note=REPORT_RULE, errors=(400, 409)),
    *with_schema(
        _r("consumption.hourly", "A021", "GET", f"{REPORT}/hourly", "Hourly consumption of the managing organisation",
           SUPERUSER, managing(), list_of=HourlyLine, object_rule=f"{DATES} {ITEMS_PER_PAGE} {NEEDS_MANAGING}",
           note=REPORT_RULE, errors=(400, 409)),
        "consumption.hourly_schema", "Schema of the hourly consumption collection"),
    _r("accounts.switch_account_billing", "A136", "PUT", f"{ORGANISATION}/account_billing",
       "Switch an organisation to account billing", SUPERUSER, ACCOUNTS_USER, ACCOUNTS_ADMIN,
       request=SwitchAccountBilling, response=BillingSettingsView, object_rule=KNOWN, errors=(404,),
       note="Agreements it buys afterwards are charged to its account through the payment provider (decision 55); "
            "`on_account: false` switches back to credits."),
    _r("accounts.monthly_report", "A135", "PUT", f"{ORGANISATION}/monthly_billing_report",
       "Switch an organisation's monthly billing report on or off", SUPERUSER, ACCOUNTS_USER, ACCOUNTS_ADMIN,
       request=SwitchMonthlyReport, response=BillingSettingsView, object_rule=KNOWN, errors=(404,),
       note="Recorded and published (billing.MonthlyBillingReportSwitched); sending the report is not built yet."),
    *with_schema(
        _r("accounts.running_state", "A137", "GET", "/api/running_state_overview",
           "What each organisation is running and paying for", SUPERUSER, ACCOUNTS_USER, ACCOUNTS_ADMIN,
           list_of=RunningStateView,
           note="Organisations with a metered environment up or an agreement not finished, from billing's own "
                "projections."),
        "accounts.running_state_schema", "Schema of the running-state overview"),
)  # fmt: skip
