// Parts of a page that keep themselves current: an element with data-refresh="URL" and
// data-every="SECONDS" is replaced by the HTML fragment at URL every so often.
document.querySelectorAll("[data-refresh]").forEach((element) => {
  const every = Number(element.dataset.every || 30) * 1000;
  setInterval(async () => {
    if (document.hidden) return;
    try {
      const response = await fetch(element.dataset.refresh, {credentials: "same-origin"});
      if (response.ok) element.innerHTML = await response.text();
    } catch (error) { /* the server is restarting: try again next time */ }
  }, every);
});
