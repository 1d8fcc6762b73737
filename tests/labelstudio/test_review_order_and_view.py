"""Review that pays, against a real Label Studio: the least confident documents are imported
first with their confidence as the prediction score, and a long article's labeling view keeps
its controls above the text and its relation arrows out of the way."""

from __future__ import annotations


import httpx

from annotator.formats.labelstudio import config as C
from annotator.formats.labelstudio.confidence import document_confidence
from annotator.formats.labelstudio.tasks import document_to_task
from annotator.labelstudio import client as LS
from annotator.labelstudio.pull import pull_records
from annotator.labelstudio.push import push_records
from annotator.records import Document
from ls_helpers import claimed_document, needs_server, older_layout, small_document, write_records

pytestmark = needs_server


def rescored(n: int, attribution: float, hedge: float) -> Document:
    doc = small_document(n)
    return doc.model_copy(update={
        "attributions": [doc.attributions[0].model_copy(update={"score": attribution})],
        "hedges": [doc.hedges[0].model_copy(update={"score": hedge})],
    })


def data_manager_tasks(server, project_id: int) -> list[dict]:
    """The tasks as the data manager lists them (its API), with the Prediction score column."""
    response = httpx.get(
        f"{server.url}/api/tasks", params={"project": project_id, "fields": "all", "page_size": 100},
        headers={"Authorization": f"Token {server.api_key}"}, timeout=30,
    )
    response.raise_for_status()
    return response.json()["tasks"]


def test_push_order_uncertain_imports_the_least_confident_first_with_their_score(ls_env, tmp_path):
    docs = [rescored(0, 0.95, 0.9), rescored(1, 0.5, 0.6), rescored(2, 0.99, 0.97), rescored(3, 0.7, 0.45)]
    records = tmp_path / "r.jsonl"
    write_records(records, docs)
    summary = push_records(records, "uncertain", order="uncertain")
    expected = sorted(docs, key=document_confidence)
    assert [d.id for d in expected] == ["doc-1", "doc-3", "doc-0", "doc-2"]
    assert summary.first == [(d.id, document_confidence(d)) for d in expected]

    listed = sorted(data_manager_tasks(ls_env, summary.project_id), key=lambda t: t["id"])
    assert [t["data"]["doc_id"] for t in listed] == [d.id for d in expected]  # task ids follow the doubt
    assert [t["predictions_score"] for t in listed] == [0.55, 0.575, 0.925, 0.98]
    exported = {t["data"]["doc_id"]: t for t in LS.export_tasks(ls_env.client(), summary.project_id, all_tasks=True)}
    assert {d: t["predictions"][0]["score"] for d, t in exported.items()} == {
        d.id: document_confidence(d) for d in docs
    }


def test_a_project_in_the_older_layout_is_still_ours_and_push_brings_its_view_up_to_date(ls_env, tmp_path):
    client = ls_env.client()
    docs = [small_document(n) for n in range(2)]
    project = client.projects.create(title="older view", label_config=older_layout(C.labeling_config()))
    client.projects.import_tasks(project.id, request=[document_to_task(d) for d in docs])
    task = LS.export_tasks(client, project.id, all_tasks=True)[0]
    annotation = client.annotations.create(id=task["id"], result=task["predictions"][0]["result"])

    out = tmp_path / "pulled.jsonl"
    assert pull_records("older view", out).statuses == {"verified": 1}  # read as it is

    records = tmp_path / "r.jsonl"
    write_records(records, docs)
    dry = push_records(records, "older view", dry_run=True)
    assert dry.view_updated and not C.same_view(client.projects.get(project.id).label_config, C.labeling_config())
    pushed = push_records(records, "older view")
    assert pushed.view_updated and (pushed.created, pushed.skipped) == (0, 2)
    assert C.same_view(client.projects.get(project.id).label_config, C.labeling_config())
    assert not push_records(records, "older view").view_updated
    (kept,) = [t for t in LS.export_tasks(client, project.id, all_tasks=True) if t["id"] == task["id"]][0]["annotations"]
    assert kept["id"] == annotation.id and kept["result"] == task["predictions"][0]["result"]
    assert pull_records("older view", out).statuses == {"verified": 1}


# --------------------------------------------------------------------------- in Chromium (the browser fixture is in tests/conftest.py)


VISIBLE_ARROWS = """() => [...document.querySelectorAll('.relations-overlay g')]
    .filter(g => g.parentElement.classList.contains('relations-overlay') && getComputedStyle(g).display !== 'none').length"""


def test_a_long_article_shows_its_controls_first_and_no_arrows_over_the_text(
    ls_env, initialised_label_studio, browser, tmp_path
):
    """Twelve copies of a finding-dense paragraph: the verdict sits above the text, region labels
    and relation arrows are not drawn, a claim is underlined, and pointing at a relation in the
    Relations panel draws that one arrow."""
    paragraph = small_document(0).text
    text = "\n\n".join(paragraph for _ in range(12))
    base = small_document(0)
    attributions, hedges = [], []
    for i in range(12):
        shift = i * (len(paragraph) + 2)
        moved = lambda s: s.model_copy(update={"start": s.start + shift, "end": s.end + shift})  # noqa: E731
        a, h = base.attributions[0], base.hedges[0]
        hedges.append(h.model_copy(update={"id": f"h{i}", "cue": moved(h.cue), "scope": moved(h.scope)}))
        attributions.append(a.model_copy(update={
            "id": f"a{i}", "cue": moved(a.cue), "source": moved(a.source), "content": moved(a.content),
            "hedge_ids": [f"h{i}"],
        }))
    doc = Document(id="long", text=text, attributions=attributions, hedges=hedges, annotator_version="9.9.9", model="m")
    records = tmp_path / "r.jsonl"
    write_records(records, [doc])
    summary = push_records(records, "long view")
    task_id = LS.export_tasks(ls_env.client(), summary.project_id, all_tasks=True, with_predictions=False)[0]["id"]

    _, settings = initialised_label_studio
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(f"{ls_env.url}/user/login")
        page.fill("input[name=email]", settings["username"])
        page.fill("input[name=password]", settings["password"])
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        page.goto(f"{ls_env.url}/projects/{summary.project_id}/data?task={task_id}")
        page.wait_for_selector(".htx-highlight", timeout=60_000)
        page.wait_for_timeout(2000)  # arrows are drawn a moment after the regions

        verdict = page.locator(".lsf-choice", has_text="verified").first.bounding_box()
        first_line = page.locator(".htx-highlight").first.bounding_box()
        assert verdict["y"] < first_line["y"]  # the verdict comes before the article
        assert page.locator(".htx-highlight").count() >= 12 * 5
        assert page.locator(".htx-highlight:not(.htx-no-label)").count() == 0  # no labels over the text
        assert page.locator(".relations-overlay g").count() > 0  # Label Studio drew the arrows ...
        assert page.evaluate(VISIBLE_ARROWS) == 0  # ... and none shows
        content = page.locator('.htx-highlight[data-label$=":CONTENT"]').first
        style = content.evaluate("e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).borderBottomStyle]")
        assert style == ["rgba(0, 0, 0, 0)", "solid"]  # a claim is underlined, not filled

        page.get_by_text("Relations", exact=True).first.click()
        page.locator(".lsf-relations__item").first.hover()
        page.wait_for_timeout(500)
        assert page.evaluate(VISIBLE_ARROWS) == 1  # the one pointed at

        page.locator('.htx-highlight[data-label$=":SOURCE"]').last.click()  # the last source, far down
        speaker = page.get_by_placeholder(C.TEXT_FIELD_HINTS[(C.ATTRIBUTION, "speaker")])
        box, height = speaker.bounding_box(), page.viewport_size["height"]
        assert box is not None and 0 <= box["y"] < height / 2  # its speaker box is in the bar, in view
    finally:
        page.close()


def test_a_project_made_before_claims_is_still_ours_and_push_adds_the_claim_controls(ls_env, tmp_path):
    client = ls_env.client()
    docs = [small_document(n) for n in range(2)]
    (before_claims,) = C.earlier_configs()
    project = client.projects.create(title="before claims", label_config=older_layout(before_claims))
    client.projects.import_tasks(project.id, request=[document_to_task(d) for d in docs])
    task = LS.export_tasks(client, project.id, all_tasks=True)[0]
    annotation = client.annotations.create(id=task["id"], result=task["predictions"][0]["result"])
    out = tmp_path / "pulled.jsonl"
    assert pull_records("before claims", out).statuses == {"verified": 1}

    records = tmp_path / "r.jsonl"
    write_records(records, [*docs, claimed_document(5)])
    pushed = push_records(records, "before claims")
    assert pushed.view_updated and (pushed.created, pushed.skipped) == (1, 2)
    assert C.same_config(client.projects.get(project.id).label_config, C.labeling_config())
    (kept,) = [t for t in LS.export_tasks(client, project.id, all_tasks=True) if t["id"] == task["id"]][0]["annotations"]
    assert kept["id"] == annotation.id and kept["result"] == task["predictions"][0]["result"]
    pulled = pull_records("before claims", out, only_reviewed=False)
    assert pulled.statuses == {"verified": 1, "unreviewed": 2}
    by_id = {d.id: d for d in (Document.model_validate_json(line) for line in out.read_text().splitlines())}
    assert [c.id for c in by_id["doc-5"].claims] == ["c1", "c2"]

