// Send Django's CSRF token with every htmx request.
document.addEventListener("htmx:configRequest", function (event) {
  var token = document.querySelector("meta[name=csrf-token]");
  if (token) { event.detail.headers["X-CSRFToken"] = token.content; }
});
