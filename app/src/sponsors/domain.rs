//! Sponsorship rules as plain functions: money (integer minor units with an ISO 4217 code,
//! never floats), the pipeline's stages and who may move a partner between them, and the
//! parsing of what organizers and partners type.

use crate::{error::AppError, groups::domain::text};
use serde::{Deserialize, Serialize};

/// Active ISO 4217 codes with their minor-unit exponents: `CODE` + digits after the point.
const CURRENCIES: &str = "AED2 AFN2 ALL2 AMD2 ANG2 AOA2 ARS2 AUD2 AWG2 AZN2 BAM2 BBD2 BDT2 \
BGN2 BHD3 BIF0 BMD2 BND2 BOB2 BRL2 BSD2 BTN2 BWP2 BYN2 BZD2 CAD2 CDF2 CHF2 CLF4 CLP0 CNY2 \
COP2 CRC2 CUP2 CVE2 CZK2 DJF0 DKK2 DOP2 DZD2 EGP2 ERN2 ETB2 EUR2 FJD2 FKP2 GBP2 GEL2 GHS2 \
GIP2 GMD2 GNF0 GTQ2 GYD2 HKD2 HNL2 HTG2 HUF2 IDR2 ILS2 INR2 IQD3 IRR2 ISK0 JMD2 JOD3 JPY0 \
KES2 KGS2 KHR2 KMF0 KPW2 KRW0 KWD3 KYD2 KZT2 LAK2 LBP2 LKR2 LRD2 LSL2 LYD3 MAD2 MDL2 MGA2 \
MKD2 MMK2 MNT2 MOP2 MRU2 MUR2 MVR2 MWK2 MXN2 MYR2 MZN2 NAD2 NGN2 NIO2 NOK2 NPR2 NZD2 OMR3 \
PAB2 PEN2 PGK2 PHP2 PKR2 PLN2 PYG0 QAR2 RON2 RSD2 RUB2 RWF0 SAR2 SBD2 SCR2 SDG2 SEK2 SGD2 \
SHP2 SLE2 SOS2 SRD2 SSP2 STN2 SVC2 SYP2 SZL2 THB2 TJS2 TMT2 TND3 TOP2 TRY2 TTD2 TWD2 TZS2 \
UAH2 UGX0 USD2 UYU2 UYW4 UZS2 VES2 VND0 VUV0 WST2 XAF0 XCD2 XOF0 XPF0 YER2 ZAR2 ZMW2 ZWG2";

/// The largest amount a tier or goal can have, in major units (a billion).
const MAX_MAJOR: i64 = 1_000_000_000;

/// A currency of ISO 4217: its code and how many digits its minor unit has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Currency {
    pub code: &'static str,
    pub exponent: u32,
}

impl Currency {
    /// The currency with `code` (any case, spaces around ignored).
    pub fn find(code: &str) -> Option<Self> {
        let wanted = code.trim().to_ascii_uppercase();
        if wanted.len() != 3 {
            return None;
        }
        CURRENCIES.split_whitespace().find_map(|entry| {
            let (code, digits) = entry.split_at(3);
            (code == wanted).then(|| Self {
                code,
                exponent: digits.parse().unwrap_or(2),
            })
        })
    }

    /// Parses a currency code typed into `field`.
    pub fn parse(field: &str, raw: &str) -> Result<Self, AppError> {
        Self::find(raw).ok_or_else(|| {
            AppError::invalid(
                field,
                "Enter a currency as its three-letter ISO 4217 code, such as EUR, USD or GBP.",
            )
        })
    }

    fn scale(self) -> i64 {
        10_i64.pow(self.exponent)
    }

    /// Parses an amount typed in major units ("1500", "1,500.50", "1500.5") into minor
    /// units. Refuses negative amounts, more decimals than the currency has, and nonsense.
    pub fn parse_amount(self, field: &str, raw: &str) -> Result<i64, AppError> {
        let typed = raw.trim().replace([',', '_', ' ', '\u{a0}'], "");
        let bad = || {
            AppError::invalid(
                field,
                format!(
                    "Enter an amount in {} such as 1500 or 1500.{}.",
                    self.code,
                    "0".repeat(self.exponent.max(1) as usize)
                ),
            )
        };
        if typed.starts_with('-') {
            return Err(AppError::invalid(field, "An amount cannot be negative."));
        }
        let (whole, fraction) = typed.split_once('.').unwrap_or((&typed, ""));
        if whole.is_empty() && fraction.is_empty() {
            return Err(bad());
        }
        if !whole.chars().all(|c| c.is_ascii_digit())
            || !fraction.chars().all(|c| c.is_ascii_digit())
        {
            return Err(bad());
        }
        if fraction.len() > self.exponent as usize {
            return Err(AppError::invalid(
                field,
                match self.exponent {
                    0 => format!("{} has no minor unit: enter a whole amount.", self.code),
                    n => format!("{} has {n} digits after the point at most.", self.code),
                },
            ));
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole
                .trim_start_matches('0')
                .parse()
                .or_else(|_| {
                    if whole.chars().all(|c| c == '0') {
                        Ok(0)
                    } else {
                        Err(())
                    }
                })
                .map_err(|_| too_large(field))?
        };
        if whole > MAX_MAJOR {
            return Err(too_large(field));
        }
        let padded = format!("{fraction:0<width$}", width = self.exponent as usize);
        let fraction: i64 = if padded.is_empty() {
            0
        } else {
            padded.parse().map_err(|_| bad())?
        };
        Ok(whole * self.scale() + fraction)
    }

    /// An amount in minor units for people: "1,500.00 EUR", "150,000 JPY".
    pub fn format(self, minor: i64) -> String {
        let sign = if minor < 0 { "-" } else { "" };
        let minor = minor.unsigned_abs();
        let scale = self.scale().unsigned_abs();
        let whole = group_thousands(minor / scale);
        match self.exponent {
            0 => format!("{sign}{whole} {}", self.code),
            n => format!(
                "{sign}{whole}.{:0width$} {}",
                minor % scale,
                self.code,
                width = n as usize
            ),
        }
    }
}

fn too_large(field: &str) -> AppError {
    AppError::invalid(
        field,
        "That amount is larger than Hallway handles (a billion).",
    )
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Currency {
    /// An amount as typed into a form: "2000.00", "150000" (no grouping, no code).
    pub fn input(self, minor: i64) -> String {
        let scale = self.scale();
        match self.exponent {
            0 => minor.to_string(),
            n => format!(
                "{}.{:0width$}",
                minor / scale,
                (minor % scale).abs(),
                width = n as usize
            ),
        }
    }
}

/// [`Currency::input`] for a stored code.
pub fn money_input(minor: i64, code: &str) -> String {
    match Currency::find(code) {
        Some(currency) => currency.input(minor),
        None => minor.to_string(),
    }
}

/// Formats `minor` units of the currency `code` (a stored, known code).
pub fn money(minor: i64, code: &str) -> String {
    match Currency::find(code) {
        Some(currency) => currency.format(minor),
        None => format!("{minor} {code}"),
    }
}

/// Where a partner stands with an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stage {
    Prospect,
    Invited,
    Interested,
    Agreed,
    Invoiced,
    Paid,
    Declined,
    Withdrawn,
}

crate::stored_as_text!(Stage {
    Prospect,
    Invited,
    Interested,
    Agreed,
    Invoiced,
    Paid,
    Declined,
    Withdrawn
});

/// Who moves a partner: the organizers, or the partner through the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Organizer,
    Partner,
}

impl Stage {
    /// In the board's order.
    pub const ALL: [Stage; 8] = [
        Stage::Prospect,
        Stage::Invited,
        Stage::Interested,
        Stage::Agreed,
        Stage::Invoiced,
        Stage::Paid,
        Stage::Declined,
        Stage::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Prospect => "prospect",
            Self::Invited => "invited",
            Self::Interested => "interested",
            Self::Agreed => "agreed",
            Self::Invoiced => "invoiced",
            Self::Paid => "paid",
            Self::Declined => "declined",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Prospect => "Prospect",
            Self::Invited => "Invited",
            Self::Interested => "Interested",
            Self::Agreed => "Agreed",
            Self::Invoiced => "Invoiced",
            Self::Paid => "Paid",
            Self::Declined => "Declined",
            Self::Withdrawn => "Withdrawn",
        }
    }

    /// Agreed or later: the money is committed, the logo is public, the passes are held.
    pub fn is_committed(self) -> bool {
        matches!(self, Self::Agreed | Self::Invoiced | Self::Paid)
    }

    /// The one place that says which moves are allowed: `Ok` or why not.
    ///
    /// Organizers move partners forward along prospect → invited → interested → agreed →
    /// invoiced → paid (skipping steps they settled elsewhere, but never invoicing before an
    /// agreement), one step back to undo a mistake, and out to declined or withdrawn (and
    /// back to prospect from there). Partners can only say they are interested (choosing a
    /// tier) or decline, before anything is agreed.
    pub fn may_move(self, to: Stage, actor: Actor) -> Result<(), &'static str> {
        use Stage::*;
        if self == to {
            return Err("The partner is already at that stage.");
        }
        match actor {
            Actor::Partner => match (self, to) {
                (Prospect | Invited | Interested | Declined, Interested) => Ok(()),
                (Prospect | Invited | Interested, Declined) => Ok(()),
                (Agreed | Invoiced | Paid, _) => Err(
                    "Your sponsorship is agreed; write to the organizers to change it.",
                ),
                (Withdrawn, _) => Err("This sponsorship was withdrawn by the organizers."),
                _ => Err("That step is for the organizers."),
            },
            Actor::Organizer => match (self, to) {
                (Prospect | Invited | Interested, Invited | Interested | Agreed) => Ok(()),
                (Invited | Interested | Declined | Withdrawn, Prospect) => Ok(()),
                (Declined, Interested) => Ok(()),
                (Agreed, Invoiced | Interested) => Ok(()),
                (Invoiced, Paid | Agreed) => Ok(()),
                (Paid, Invoiced) => Ok(()),
                (Prospect | Invited | Interested, Declined) => Ok(()),
                (Prospect | Invited | Interested | Agreed | Invoiced, Withdrawn) => Ok(()),
                (Paid, Withdrawn) => Err("A paid sponsorship cannot be withdrawn; mark it invoiced first if the money went back."),
                (Prospect | Invited | Interested | Declined | Withdrawn, Invoiced | Paid) => {
                    Err("Mark the partner agreed before invoicing.")
                }
                _ => Err("That move is not possible from this stage."),
            },
        }
    }
}

/// Committed and paid amounts in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrencyTotal {
    pub currency: String,
    pub committed_minor: i64,
    pub paid_minor: i64,
}

/// Totals per currency (sorted by code) of `(stage, currency, price in minor units)`:
/// committed counts agreed, invoiced and paid; paid counts paid.
pub fn totals<'a>(items: impl IntoIterator<Item = (Stage, &'a str, i64)>) -> Vec<CurrencyTotal> {
    let mut out: Vec<CurrencyTotal> = Vec::new();
    for (stage, currency, minor) in items {
        if !stage.is_committed() {
            continue;
        }
        let index = match out.iter().position(|t| t.currency == currency) {
            Some(i) => i,
            None => {
                out.push(CurrencyTotal {
                    currency: currency.to_owned(),
                    committed_minor: 0,
                    paid_minor: 0,
                });
                out.len() - 1
            }
        };
        let total = &mut out[index];
        total.committed_minor = total.committed_minor.saturating_add(minor);
        if stage == Stage::Paid {
            total.paid_minor = total.paid_minor.saturating_add(minor);
        }
    }
    out.sort_by(|a, b| a.currency.cmp(&b.currency));
    out
}

/// The most benefits a tier lists.
pub const MAX_BENEFITS: usize = 20;
/// The most passes a tier includes.
pub const MAX_PASSES: i64 = 100;

/// The benefits of a tier: one per line, blank lines ignored.
pub fn parse_benefits(field: &str, raw: &str) -> Result<Vec<String>, AppError> {
    let mut out = Vec::new();
    for line in raw.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        out.push(text(field, line, "benefit", 1, 120, false)?);
    }
    if out.len() > MAX_BENEFITS {
        return Err(AppError::invalid(
            field,
            format!(
                "List {MAX_BENEFITS} benefits at most (this has {}).",
                out.len()
            ),
        ));
    }
    Ok(out)
}

/// A whole number typed into `field`, between `min` and `max`.
pub fn parse_count(
    field: &str,
    raw: &str,
    label: &str,
    min: i64,
    max: i64,
) -> Result<i64, AppError> {
    match raw.trim().parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        Ok(n) if n < 0 => Err(AppError::invalid(
            field,
            format!("The {label} cannot be negative."),
        )),
        _ => Err(AppError::invalid(
            field,
            format!("Enter the {label} as a whole number from {min} to {max}."),
        )),
    }
}

/// A tier as typed by the organizers, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierInput {
    pub name: String,
    pub rank: i64,
    pub price_minor: i64,
    pub currency: Currency,
    pub slots: i64,
    pub passes: i64,
    pub benefits: Vec<String>,
}

/// The raw fields of the tier form.
pub struct TierForm<'a> {
    pub name: &'a str,
    pub rank: &'a str,
    pub price: &'a str,
    pub currency: &'a str,
    pub slots: &'a str,
    pub passes: &'a str,
    pub benefits: &'a str,
}

impl TierInput {
    /// Parses every field, collecting each field's message.
    pub fn parse(form: &TierForm<'_>) -> Result<Self, AppError> {
        let mut checks = crate::error::FieldChecks::default();
        let name = checks.check(text("name", form.name, "tier name", 1, 60, false));
        let rank = checks.check(parse_count("rank", form.rank, "rank", 1, 99));
        let currency = checks.check(Currency::parse("currency", form.currency));
        let price = currency.and_then(|c| checks.check(c.parse_amount("price", form.price)));
        let slots = checks.check(parse_count("slots", form.slots, "number of slots", 1, 1000));
        let passes = checks.check(parse_count(
            "passes",
            if form.passes.trim().is_empty() {
                "0"
            } else {
                form.passes
            },
            "number of passes",
            0,
            MAX_PASSES,
        ));
        let benefits = checks.check(parse_benefits("benefits", form.benefits));
        checks.finish()?;
        match (name, rank, currency, price, slots, passes, benefits) {
            (
                Some(name),
                Some(rank),
                Some(currency),
                Some(price_minor),
                Some(slots),
                Some(passes),
                Some(benefits),
            ) => Ok(Self {
                name,
                rank,
                price_minor,
                currency,
                slots,
                passes,
                benefits,
            }),
            _ => Err(AppError::BadRequest),
        }
    }
}

/// How large a sponsor's logo is shown: by the place of its tier's rank among the event's
/// tiers (first: large, second: medium, the rest: small).
pub fn logo_size(place: usize) -> &'static str {
    match place {
        0 => "large",
        1 => "medium",
        _ => "small",
    }
}

/// A next-step date typed as YYYY-MM-DD (or nothing).
#[cfg(feature = "ssr")]
pub fn parse_date(field: &str, raw: &str) -> Result<Option<String>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map(|d| Some(d.format("%Y-%m-%d").to_string()))
        .map_err(|_| AppError::invalid(field, "Enter a date such as 2026-03-05."))
}

#[cfg(test)]
mod tests {
    use super::{Actor::*, Stage::*, *};
    use proptest::prelude::*;

    fn eur() -> Currency {
        Currency::find("EUR").unwrap_or(Currency {
            code: "EUR",
            exponent: 2,
        })
    }

    #[test]
    fn currencies_are_found_by_their_iso_code_in_any_case() {
        assert_eq!(Currency::find(" eur ").map(|c| c.exponent), Some(2));
        assert_eq!(Currency::find("JPY").map(|c| c.exponent), Some(0));
        assert_eq!(Currency::find("kwd").map(|c| c.exponent), Some(3));
        assert!(Currency::find("EURO").is_none());
        assert!(Currency::find("XYZ").is_none());
        assert!(Currency::find("").is_none());
        assert!(Currency::parse("currency", "dollars").is_err());
    }

    #[test]
    fn amounts_are_parsed_into_minor_units_without_floats() {
        let eur = eur();
        assert_eq!(eur.parse_amount("p", "1500"), Ok(150_000));
        assert_eq!(eur.parse_amount("p", "1,500.5"), Ok(150_050));
        assert_eq!(eur.parse_amount("p", "0.10"), Ok(10));
        assert_eq!(eur.parse_amount("p", ".99"), Ok(99));
        assert_eq!(eur.parse_amount("p", "0"), Ok(0));
        assert_eq!(eur.parse_amount("p", "000"), Ok(0));
        // 0.1 + 0.2 in floats is 0.30000000000000004; in minor units it is exactly 30.
        assert_eq!(eur.parse_amount("p", "0.1").map(|a| a + 20), Ok(30));
        let jpy = Currency::find("JPY").unwrap_or(eur);
        assert_eq!(jpy.parse_amount("p", "150000"), Ok(150_000));
        assert!(jpy.parse_amount("p", "1.5").is_err());
        let kwd = Currency::find("KWD").unwrap_or(eur);
        assert_eq!(kwd.parse_amount("p", "1.234"), Ok(1234));
    }

    #[test]
    fn negative_malformed_and_huge_amounts_are_refused() {
        let eur = eur();
        for bad in [
            "-5",
            "-0.01",
            "12.345",
            "1e3",
            "abc",
            "",
            ".",
            "1.2.3",
            "5€",
            "99999999999999999999",
        ] {
            assert!(eur.parse_amount("price", bad).is_err(), "{bad}");
        }
        assert_eq!(
            eur.parse_amount("price", "-5")
                .map_err(|e| e.field_message("price")),
            Err(Some("An amount cannot be negative.".to_owned()))
        );
    }

    #[test]
    fn amounts_go_back_into_forms_as_they_would_be_typed() {
        assert_eq!(money_input(200_000, "EUR"), "2000.00");
        assert_eq!(money_input(5, "USD"), "0.05");
        assert_eq!(money_input(150_000, "JPY"), "150000");
        assert_eq!(money_input(1234, "KWD"), "1.234");
        assert_eq!(
            eur().parse_amount("p", &money_input(123_456, "EUR")),
            Ok(123_456)
        );
    }

    #[test]
    fn amounts_are_written_with_thousands_and_the_currency_digits() {
        assert_eq!(money(150_000, "EUR"), "1,500.00 EUR");
        assert_eq!(money(5, "USD"), "0.05 USD");
        assert_eq!(money(150_000, "JPY"), "150,000 JPY");
        assert_eq!(money(1_234_567, "KWD"), "1,234.567 KWD");
        assert_eq!(money(0, "EUR"), "0.00 EUR");
        assert_eq!(money(100_000_000, "GBP"), "1,000,000.00 GBP");
    }

    proptest! {
        #[test]
        fn a_formatted_amount_parses_back_to_itself(minor in 0i64..=1_000_000_000, code in prop::sample::select(vec!["EUR", "JPY", "KWD", "CLF"])) {
            let currency = Currency::find(code).unwrap_or(eur());
            let written = currency.format(minor);
            let number = written.split(' ').next().unwrap_or_default();
            prop_assert_eq!(currency.parse_amount("p", number), Ok(minor));
        }
    }

    #[test]
    fn totals_count_committed_and_paid_money_per_currency() {
        let items = [
            (Paid, "EUR", 100_000),
            (Agreed, "EUR", 50_000),
            (Invoiced, "USD", 20_000),
            (Interested, "EUR", 999_999),
            (Declined, "USD", 1),
            (Paid, "USD", 5),
        ];
        let totals = totals(items);
        assert_eq!(
            totals,
            vec![
                CurrencyTotal {
                    currency: "EUR".into(),
                    committed_minor: 150_000,
                    paid_minor: 100_000
                },
                CurrencyTotal {
                    currency: "USD".into(),
                    committed_minor: 20_005,
                    paid_minor: 5
                },
            ]
        );
    }

    #[test]
    fn organizers_move_partners_along_the_pipeline() {
        let path = [Prospect, Invited, Interested, Agreed, Invoiced, Paid];
        for pair in path.windows(2) {
            assert_eq!(pair[0].may_move(pair[1], Organizer), Ok(()), "{pair:?}");
        }
        assert_eq!(Prospect.may_move(Agreed, Organizer), Ok(()));
        assert_eq!(Paid.may_move(Invoiced, Organizer), Ok(()));
        assert_eq!(Declined.may_move(Prospect, Organizer), Ok(()));
    }

    #[test]
    fn nothing_is_invoiced_or_paid_before_an_agreement() {
        for from in [Prospect, Invited, Interested, Declined, Withdrawn] {
            for to in [Invoiced, Paid] {
                assert!(from.may_move(to, Organizer).is_err(), "{from:?} {to:?}");
                assert!(from.may_move(to, Partner).is_err(), "{from:?} {to:?}");
            }
        }
        assert!(Agreed.may_move(Paid, Organizer).is_err());
    }

    #[test]
    fn partners_can_only_show_interest_or_decline_before_an_agreement() {
        for from in Stage::ALL {
            for to in Stage::ALL {
                let allowed = from.may_move(to, Partner).is_ok();
                let expected = matches!(
                    (from, to),
                    (Prospect | Invited | Declined, Interested)
                        | (Prospect | Invited | Interested, Declined)
                );
                assert_eq!(allowed, expected, "{from:?} -> {to:?}");
            }
        }
    }

    #[test]
    fn a_stage_never_moves_to_itself_and_names_round_trip() {
        for stage in Stage::ALL {
            assert!(stage.may_move(stage, Organizer).is_err());
            assert_eq!(Stage::parse(stage.as_str()), Some(stage));
        }
        assert_eq!(Stage::parse("bribed"), None);
    }

    #[test]
    fn only_agreed_invoiced_and_paid_are_committed() {
        let committed: Vec<Stage> = Stage::ALL
            .into_iter()
            .filter(|s| s.is_committed())
            .collect();
        assert_eq!(committed, vec![Agreed, Invoiced, Paid]);
    }

    #[test]
    fn a_tier_form_is_parsed_with_every_field_checked() {
        let tier = TierInput::parse(&TierForm {
            name: " Gold ",
            rank: "1",
            price: "2,000",
            currency: "eur",
            slots: "2",
            passes: "",
            benefits: "Logo on the event page\n\n Booth \n",
        });
        let Ok(tier) = tier else { panic!("{tier:?}") };
        assert_eq!(tier.name, "Gold");
        assert_eq!(tier.price_minor, 200_000);
        assert_eq!(tier.currency.code, "EUR");
        assert_eq!(tier.passes, 0);
        assert_eq!(tier.benefits, vec!["Logo on the event page", "Booth"]);
        let bad = TierInput::parse(&TierForm {
            name: "",
            rank: "0",
            price: "-1",
            currency: "EUR",
            slots: "0",
            passes: "-2",
            benefits: "",
        });
        let Err(error) = bad else { panic!("accepted") };
        for field in ["name", "rank", "price", "slots", "passes"] {
            assert!(error.field_message(field).is_some(), "{field}");
        }
    }
}
