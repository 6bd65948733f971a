/* Progress while a file uploads and is checked (issue 13). Without JavaScript the form posts as usual.
   A small file is posted as usual too, with "checking…" shown; a large one (from 1 MB) is sent with
   XMLHttpRequest to show how much has been sent, and the answer replaces the page as a normal post would.
   The texts come from the form's data attributes, so they follow the page's language. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-upload-progress]");
  if (!form || !window.XMLHttpRequest || !window.FormData) { return; }
  var box = form.querySelector(".upload-progress");
  var bar = box.querySelector("progress");
  var status = box.querySelector("[role=status]");
  var button = form.querySelector("button[type=submit]");
  var dutch = (document.documentElement.lang || "nl").indexOf("en") !== 0;
  var LARGE = 1048576;

  function megabytes(bytes) {
    var text = (bytes / 1048576).toFixed(1) + " MB";
    return dutch ? text.replace(".", ",") : text;
  }

  function show(text, fraction) {
    box.hidden = false;
    if (fraction === null) { bar.removeAttribute("value"); } else { bar.value = Math.round(fraction * 100); }
    status.textContent = text;
  }

  form.addEventListener("submit", function (event) {
    var file = form.querySelector("input[type=file]");
    if (!file || !file.files || !file.files.length) { return; }  // the server says what is missing
    if (file.files[0].size < LARGE) {
      show(form.dataset.textChecking, null);  // sent in a moment: the wait is the check
      return;
    }
    event.preventDefault();
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("action") || window.location.href);
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        show(form.dataset.textSending + " " + megabytes(e.loaded) + " / " + megabytes(e.total), e.loaded / e.total);
      }
    });
    xhr.upload.addEventListener("load", function () { show(form.dataset.textChecking, null); });
    xhr.addEventListener("load", function () {
      if (xhr.responseURL && xhr.responseURL !== window.location.href.split("#")[0]) {
        window.location.assign(xhr.responseURL);
        return;
      }
      document.open();
      document.write(xhr.responseText);  // the server's page with the report, as without JavaScript
      document.close();
    });
    xhr.addEventListener("error", function () {
      button.disabled = false;
      show(form.dataset.textFailed, 0);
    });
    button.disabled = true;
    show(form.dataset.textSending, 0);
    xhr.send(new FormData(form));
  });
}());
