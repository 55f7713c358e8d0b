// Runs first in <body>, as GOV.UK's template does inline: lets the CSS hide
// conditional questions and style components only when JavaScript will run.
// (An external file, so the page CSP needs no 'unsafe-inline'.)
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
