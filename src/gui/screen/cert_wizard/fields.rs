//! The wizard's text fields: their ids (so a page can focus one) and where each one's text is
//! kept.

/// The text fields of every page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// Certificate request file.
    RequestFile,
    /// ACME directory URL.
    AcmeUrl,
    /// PEM roots for the directory's TLS.
    AcmeRoot,
    /// Where the http-01 responder listens.
    Http01,
    /// External account key id.
    EabKid,
    /// External account HMAC key (masked).
    EabHmac,
    /// Certificate template.
    Template,
    /// Friendly name.
    FriendlyName,
    /// Organization.
    Org,
    /// Organizational unit.
    Ou,
    /// Country, two letters.
    Country,
    /// State or province.
    State,
    /// City.
    City,
    /// The additional name being typed.
    San,
    /// A roll's effective date.
    Effective,
    /// The file to import.
    ImportFile,
    /// The import's password (masked).
    ImportPassword,
    /// The PFX to write.
    ExportOut,
    /// The export's password (masked).
    ExportPassword,
    /// The export's password again (masked).
    ExportConfirm,
    /// The CA's response file.
    ResponseFile,
}

impl Text {
    /// The widget id of the field.
    pub fn id(self) -> &'static str {
        match self {
            Text::RequestFile => "cw-request-file",
            Text::AcmeUrl => "cw-acme-url",
            Text::AcmeRoot => "cw-acme-root",
            Text::Http01 => "cw-http01",
            Text::EabKid => "cw-eab-kid",
            Text::EabHmac => "cw-eab-hmac",
            Text::Template => "cw-template",
            Text::FriendlyName => "cw-friendly-name",
            Text::Org => "cw-org",
            Text::Ou => "cw-ou",
            Text::Country => "cw-country",
            Text::State => "cw-state",
            Text::City => "cw-city",
            Text::San => "cw-san",
            Text::Effective => "cw-effective",
            Text::ImportFile => "cw-import-file",
            Text::ImportPassword => "cw-import-password",
            Text::ExportOut => "cw-export-out",
            Text::ExportPassword => "cw-export-password",
            Text::ExportConfirm => "cw-export-confirm",
            Text::ResponseFile => "cw-response-file",
        }
    }
}
