//! View Certificate Details: subject, SANs, issuer chain, validity, key, thumbprints, key
//! usages and EKU, and the usages the certificate is assigned to on this server.

use iced::widget::{Column, column, row, scrollable, text};
use iced::{Element, Font, Length};

use crate::cert::info::CertInfo;
use crate::cert::query::assigned_usages;
use crate::cert::store::{CertStore, StoredCert};
use crate::data_dir::DataDir;
use crate::fl;
use crate::gui::theme;

/// A certificate's details.
#[derive(Debug, Clone)]
pub struct Details {
    cert: StoredCert,
    assigned: Vec<String>,
}

fn date(t: time::OffsetDateTime) -> String {
    t.format(time::macros::format_description!(
        "[year]-[month]-[day] [hour]:[minute] UTC"
    ))
    .unwrap_or_default()
}

/// The View Certificate Details page: its title and the details (or why they cannot be read).
pub fn page<'a, Message: 'a>(
    details: &'a Result<Details, String>,
) -> iced::widget::Column<'a, Message> {
    let body: Element<'a, Message> = match details {
        Ok(details) => details.view(),
        Err(error) => crate::gui::widget::form::problem(error.clone()),
    };
    column![
        text(fl!("cw-details-title")).size(theme::HEADING),
        iced::widget::container(body).height(Length::Fill)
    ]
    .spacing(theme::GAP)
}

impl Details {
    /// Reads a stored certificate's details.
    pub fn load(data: &DataDir, thumbprint: &str) -> Result<Details, String> {
        let cert = CertStore::open(data)
            .get(thumbprint)
            .map_err(|e| e.to_string())?;
        let assigned = assigned_usages(data, thumbprint)
            .map_err(|e| e.to_string())?
            .iter()
            .map(|a| crate::wording::reason(&a.reason()))
            .collect();
        Ok(Details { cert, assigned })
    }

    /// The details page.
    pub fn view<'a, Message: 'a>(&'a self) -> Element<'a, Message> {
        let info = &self.cert.info;
        let line = |label: String, value: String| -> Element<'a, Message> {
            row![
                text(label)
                    .width(Length::Fixed(210.0))
                    .style(theme::muted_text),
                text(value).width(Length::Fill)
            ]
            .spacing(theme::SMALL_GAP)
            .into()
        };
        let list = |values: &[String]| {
            if values.is_empty() {
                fl!("plan-none")
            } else {
                values.join(", ")
            }
        };
        let yes_no = |b: bool| if b { fl!("cw-yes") } else { fl!("cw-no") };
        let mut chain = Column::new().spacing(4);
        let links: Vec<&CertInfo> = std::iter::once(info)
            .chain(self.cert.chain.iter())
            .collect();
        for (depth, link) in links.iter().enumerate() {
            chain = chain.push(
                text(format!("{}{}", "  ".repeat(depth), link.subject))
                    .size(theme::SMALL)
                    .font(Font::MONOSPACE),
            );
        }
        let body = column![
            line(
                fl!("cw-detail-friendly-name"),
                self.cert.meta.friendly_name.clone()
            ),
            line(fl!("cw-detail-subject"), info.subject.clone()),
            line(fl!("cw-detail-sans"), list(&info.sans)),
            line(fl!("cw-detail-issuer"), info.issuer.clone()),
            line(fl!("cw-detail-serial"), info.serial.clone()),
            line(fl!("cw-detail-valid-from"), date(info.not_before)),
            line(fl!("cw-detail-valid-to"), date(info.not_after)),
            line(
                fl!("cw-detail-key"),
                format!("{} {}", info.key_type, info.key_bits)
            ),
            line(fl!("cw-detail-signature"), info.signature_algorithm.clone()),
            line(fl!("cw-detail-thumbprint"), info.thumbprint.clone()),
            line(fl!("cw-detail-sha256"), info.sha256.clone()),
            line(fl!("cw-detail-key-usages"), list(&info.key_usages)),
            line(fl!("cw-detail-eku"), list(&info.extended_key_usages)),
            line(fl!("cw-detail-private-key"), yes_no(self.cert.has_key)),
            line(
                fl!("cw-detail-exportable"),
                yes_no(self.cert.meta.exportable)
            ),
            line(fl!("cw-detail-origin"), self.cert.meta.origin.clone()),
            line(fl!("cw-detail-assigned"), list(&self.assigned)),
            text(fl!("cw-detail-chain")).style(theme::muted_text),
            chain,
        ]
        .spacing(6);
        scrollable(body)
            .spacing(theme::SMALL_GAP)
            .height(Length::Fill)
            .into()
    }
}
