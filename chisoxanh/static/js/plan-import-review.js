// The review of an imported plan: a task shows where it comes from in the source text, and a
// marked passage of the source leads back to its task. Without this script the links
// "Xem đoạn này trong văn bản gốc" still jump to the passage (and CSS marks it).
(() => {
  const source = document.querySelector("[data-source]");
  if (!source) return;
  let current = null;

  // Scroll the source panel only, not the page: the task the user is working on stays put.
  const reveal = (mark) => {
    const box = source.getBoundingClientRect();
    const at = mark.getBoundingClientRect();
    if (box.height === 0) return;
    source.scrollTop += at.top - box.top - Math.min(48, box.height / 4);
  };

  const show = (index) => {
    if (index === current) return;
    current = index;
    source.querySelectorAll("mark.active").forEach((m) => m.classList.remove("active"));
    document.querySelectorAll(".task-draft.active").forEach((t) => t.classList.remove("active"));
    document.getElementById(`task-${index}`)?.classList.add("active");
    const marks = source.querySelectorAll(`mark[data-tasks~="${index}"]`);
    marks.forEach((m) => m.classList.add("active"));
    if (marks.length) reveal(marks[0]);
  };

  document.addEventListener("focusin", (event) => {
    const task = event.target.closest(".task-draft[data-task]");
    if (task) show(task.dataset.task);
  });

  document.addEventListener("click", (event) => {
    const confirmed = event.target.closest("[data-confirm]");
    if (confirmed && !window.confirm(confirmed.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    const link = event.target.closest("a[data-show]");
    // Side by side, the panel scrolls in place; one above the other (a phone), the link's own
    // jump to the passage is what the user wants.
    if (link && source.getBoundingClientRect().right < link.getBoundingClientRect().left) {
      event.preventDefault();
      current = null;
      show(link.dataset.show);
      return;
    }
    const mark = event.target.closest("mark[data-tasks]");
    if (mark) {
      const index = mark.dataset.tasks.split(" ")[0];
      const task = document.getElementById(`task-${index}`);
      if (task) {
        task.scrollIntoView({ block: "start", behavior: "smooth" });
        show(index);
      }
      return;
    }
    const task = event.target.closest(".task-draft[data-task]");
    if (task) show(task.dataset.task);
  });

  const hash = window.location.hash.match(/^#task-(\d+)$/);
  if (hash) show(hash[1]);
})();
