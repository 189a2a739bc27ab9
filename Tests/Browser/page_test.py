#!/usr/bin/env python3
"""The search page as an archivist meets it, in a real headless Chromium.

`make test` runs this after `swift test` (`make test-browser` alone). It generates a
small archive (one year of meetings, then eleven years of custody, so that the 2014
ten-year records are destroyed and the register has entries), grants an archivist
cleared for 内部 (so the 秘密 meetings are above the clearance), starts
`annals serve` on a free loopback port, and drives Debian's chromium through
chromedriver (Selenium): sign in through the form, search in Chinese, use the facets,
sort and page, open a meeting, see 受限, print the register to PDF on A4, verify an
inclusion proof in the browser, check the page's Merkle code against the RFC 6962
vectors. Every step asserts on the DOM (the page marks `body[data-ready]` when a view
has drawn, and names what it drew with ids and data-* attributes), so a broken page
fails. Screenshots and the printed register go to .build/page-test/ for people to
look at. Nothing is skipped: if Chromium cannot start, the test fails.

Usage: python3 Tests/Browser/page_test.py [--annals .build/debug/annals] [--keep]
"""

import argparse
import base64
import glob
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, ".build", "page-test")
ACCOUNT = "li.dangan"
ACCOUNT_NAME = "李档案"
PASSWORD = "page-test-2026"
CLERK = "zhao.mishu"
CLERK_PASSWORD = "clerk-test-2026"

options = argparse.Namespace(annals=os.path.join(ROOT, ".build", "debug", "annals"), keep=False)


def run(*args, stdin=None):
    """Runs a command, failing loudly with its output."""
    result = subprocess.run(args, input=stdin, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return result.stdout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`annals serve` over a generated archive, on a loopback port."""

    def __init__(self, folder):
        self.folder = folder
        self.archive = os.path.join(folder, "archive")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None

    def prepare(self):
        annals = options.annals
        # The generated agency's history and the policy it passes (its leaders, department
        # heads, places of destruction); the archive is created under that policy.
        data = os.path.join(self.folder, "agency.jsonl")
        policy = os.path.join(self.folder, "policy.json")
        with open(data, "wb") as out:
            generated = subprocess.run(
                [annals, "generate", "--years", "1", "--start-year", "2014", "--custody-years", "11",
                 "--events-per-year", "10000", "--policy-out", policy],
                stdout=out, stderr=subprocess.PIPE, text=True)
        if generated.returncode != 0:
            raise RuntimeError(f"generating the test archive failed:\n{generated.stderr}")
        run(annals, "init", "--archive", self.archive, "--policy", policy)
        imported = subprocess.run([annals, "import", "--archive", self.archive, data], capture_output=True, text=True)
        if imported.returncode != 0:
            raise RuntimeError(f"importing the test archive failed:\n{imported.stderr}")
        run(annals, "account", "add", ACCOUNT, "--archive", self.archive, "--name", ACCOUNT_NAME,
            "--roles", "reader,archivist,auditor", "--clearance", "内部", "--password-stdin", stdin=PASSWORD + "\n")
        run(annals, "account", "add", CLERK, "--archive", self.archive, "--name", "赵秘书",
            "--roles", "reader,clerk", "--clearance", "内部", "--password-stdin", stdin=CLERK_PASSWORD + "\n")

    def start(self):
        self.log = open(os.path.join(OUT, "server.log"), "w")
        self.process = subprocess.Popen(
            [options.annals, "serve", "--archive", self.archive, "--listen", f"127.0.0.1:{self.port}"],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"annals serve exited with {self.process.returncode}; see {self.log.name}")
            try:
                urllib.request.urlopen(self.base + "/api/v1/session", timeout=2)
            except urllib.error.HTTPError as error:
                if error.code == 401:
                    return
            except OSError:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"annals serve did not answer on {self.base} within 60 s")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise RuntimeError("annals serve did not stop within 30 s of SIGTERM")
        if getattr(self, "log", None):
            self.log.close()


def start_browser():
    """Debian's chromium through chromedriver; any failure to start is a failure."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    if not chromium or not os.path.exists(driver):
        raise RuntimeError("chromium and chromedriver are needed (make test installs them: chromium chromium-driver)")
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    if "WenQuanYi Micro Hei" not in fonts:
        raise RuntimeError("the CJK font fonts-wqy-microhei is missing: Chinese would be drawn as empty boxes")
    chrome = webdriver.ChromeOptions()
    chrome.binary_location = chromium
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1000", "--lang=zh-CN", "--force-device-scale-factor=1"]:
        chrome.add_argument(argument)
    chrome.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(driver), options=chrome)


class PageTest(unittest.TestCase):
    server = None
    browser = None
    console = []

    @classmethod
    def setUpClass(cls):
        os.makedirs(OUT, exist_ok=True)
        for old in glob.glob(os.path.join(OUT, "*.png")) + glob.glob(os.path.join(OUT, "*.pdf")):
            os.remove(old)
        cls.folder = tempfile.mkdtemp(prefix="annals-page-test-")
        cls.server = Server(cls.folder)
        try:
            cls.server.prepare()
            cls.server.start()
            cls.browser = start_browser()
            cls.browser.set_page_load_timeout(30)
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            if cls.browser:
                cls.browser.quit()
        finally:
            if cls.server:
                cls.server.stop()
            if not options.keep:
                shutil.rmtree(cls.folder, ignore_errors=True)

    # Helpers -----------------------------------------------------------------

    def wait_ready(self, timeout=30):
        """Waits until the page says the view has drawn; fails on a page error."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            state = self.browser.execute_script(
                "return [document.body && document.body.dataset.ready, document.body && document.body.dataset.error || '']")
            if state[0] == "true":
                return
            time.sleep(0.05)
        self.fail(f"the page did not finish drawing {self.browser.current_url} within {timeout} s")

    def open(self, query=""):
        self.browser.get(self.server.base + "/" + query)
        self.wait_ready()
        if self.browser.execute_script("return document.body.dataset.view") == "signin":
            self.sign_in(ACCOUNT, PASSWORD)
        self.assertNotEqual(self.browser.execute_script("return document.body.dataset.view"), "signin")
        error = self.browser.execute_script("return document.body.dataset.error || ''")
        self.assertEqual(error, "", f"{query}: the page shows an error: {self.text('#main')}")

    def sign_in(self, account, password):
        self.css("#signin-account").clear()
        self.css("#signin-account").send_keys(account)
        self.css("#signin-password").clear()
        self.css("#signin-password").send_keys(password)
        self.css("#signin button[type=submit]").click()
        self.wait_until(lambda: self.browser.execute_script(
            "return document.body.dataset.view !== 'signin' || !document.querySelector('#signin .error').hidden"))
        self.wait_ready()

    def wait_until(self, condition, timeout=30, what="the page to change"):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if condition():
                return
            time.sleep(0.05)
        self.fail(f"timed out waiting for {what}")

    def navigate_by(self, action):
        """Does something that changes the URL (a click, a submit), then waits for the new view."""
        before = self.browser.current_url
        action()
        self.wait_until(lambda: self.browser.current_url != before, what="the URL to change")
        self.wait_ready()

    def css(self, selector):
        from selenium.webdriver.common.by import By
        return self.browser.find_element(By.CSS_SELECTOR, selector)

    def all(self, selector):
        from selenium.webdriver.common.by import By
        return self.browser.find_elements(By.CSS_SELECTOR, selector)

    def text(self, selector):
        return self.css(selector).text

    def query(self):
        return urllib.parse.parse_qs(urllib.parse.urlparse(self.browser.current_url).query)

    def screenshot(self, name):
        self.browser.save_screenshot(os.path.join(OUT, name + ".png"))

    def search(self, text):
        self.open("?view=search")
        box = self.css("#q")
        box.clear()
        box.send_keys(text)
        self.navigate_by(lambda: self.css("#search-form button[type=submit]").click())

    def total(self):
        return int(self.css("#total").get_attribute("data-total"))

    def collect_console(self):
        PageTest.console += self.browser.get_log("browser")

    def tearDown(self):
        if self.browser:
            self.collect_console()

    # Specifications ---------------------------------------------------------

    def test_01_a_wrong_password_is_refused_and_the_right_one_signs_in(self):
        self.browser.delete_all_cookies()
        self.browser.get(self.server.base + "/?view=search&q=%E9%A2%84%E7%AE%97")
        self.wait_ready()
        self.assertEqual(self.browser.execute_script("return document.body.dataset.view"), "signin")
        self.assertTrue(self.css("#signin").is_displayed())
        self.assertFalse(self.css("#nav").is_displayed(), "the sections are hidden before sign-in")
        self.screenshot("01-signin")
        self.sign_in(ACCOUNT, "not-the-password")
        self.assertEqual(self.browser.execute_script("return document.body.dataset.view"), "signin")
        self.assertIn("账号或密码不正确", self.text("#signin .error"))
        self.sign_in(ACCOUNT, PASSWORD)
        self.assertEqual(self.browser.execute_script("return document.body.dataset.view"), "search",
                         "after sign-in the page draws the URL it was opened at")
        self.assertIn(ACCOUNT_NAME, self.text("#account"))
        self.assertIn("内部", self.text("#account"))
        self.assertTrue(self.css("#nav").is_displayed())
        cookie = self.browser.get_cookie("annals_session") or {}
        self.assertTrue(cookie.get("httpOnly"), f"the session cookie is HttpOnly: {cookie}")
        self.assertFalse(self.browser.execute_script("return document.cookie.includes('annals_session')"),
                         "the page's script cannot read the session cookie")

    def test_02_a_chinese_search_shows_highlighted_hits_and_facets_and_keeps_its_state_in_the_url(self):
        self.search("预算")
        self.assertEqual(self.query().get("q"), ["预算"])
        total = self.total()
        self.assertGreater(total, 0)
        hits = self.all("li.hit")
        self.assertEqual(len(hits), min(total, 20))
        marks = [m.text for m in self.all("li.hit .snippet mark")]
        self.assertTrue(marks, "the snippets mark what matched")
        self.assertTrue(all("预算" in m for m in marks), f"every mark is the searched phrase: {marks[:5]}")
        self.assertFalse(any("【" in s.text for s in self.all("li.hit .snippet")), "the marks replace the 【】 brackets")
        kinds = self.all("section[data-facet=kind] a")
        self.assertTrue(kinds, "a facet of kinds with counts")
        self.assertEqual(sum(int(a.find_element("css selector", ".n").text.replace(",", "")) for a in kinds), total,
                         "every hit has one kind, so the kind counts add up to the total")
        for facet in ["year", "dept", "retention", "class", "follow_up"]:
            self.assertTrue(self.all(f"section[data-facet={facet}] a"), f"the {facet} facet is listed")
        self.screenshot("02-search")
        self.browser.refresh()
        self.wait_ready()
        self.assertEqual(self.total(), total, "a reload shows the same search: the state is in the URL")
        self.assertEqual(self.css("#q").get_attribute("value"), "预算")

    def test_03_a_facet_becomes_a_removable_filter_tag(self):
        self.search("预算")
        total = self.total()
        facet = self.all("section[data-facet=kind] a")[0]
        kind = facet.get_attribute("data-value")
        count = int(facet.find_element("css selector", ".n").text.replace(",", ""))
        self.navigate_by(facet.click)
        self.assertEqual(self.query().get("f"), [f"kind:{kind}"])
        self.assertEqual(self.total(), count, "the facet's count is the number of hits it gives")
        tags = self.all(".tag")
        self.assertEqual(len(tags), 1)
        self.assertIn(kind, tags[0].text)
        self.assertTrue(all(kind in m.text for m in self.all("li.hit .meta")), "every hit is of the chosen kind")
        self.screenshot("03-filter-tag")
        self.navigate_by(lambda: self.css(".tag button").click())
        self.assertEqual(self.all(".tag"), [])
        self.assertEqual(self.total(), total)
        self.assertNotIn("f", self.query())

    def test_04_hits_sort_by_date_and_page_through(self):
        self.search("kind:科务会")
        total = self.total()
        self.assertGreater(total, 40)
        from selenium.webdriver.support.ui import Select
        self.navigate_by(lambda: Select(self.css("#sort")).select_by_value("-date"))
        self.assertEqual(self.query().get("sort"), ["-date"])
        dates = self.browser.execute_script(
            "return [...document.querySelectorAll('li.hit')].map(li => li.querySelector('.meta').textContent.match(/(\\d{4})年(\\d+)月(\\d+)日/)).filter(Boolean).map(m => m[1] + m[2].padStart(2, '0') + m[3].padStart(2, '0'))")
        self.assertGreater(len(dates), 10)
        self.assertEqual(dates, sorted(dates, reverse=True), "newest first")
        first = self.all("li.hit")[0].get_attribute("data-stream")
        self.navigate_by(lambda: self.css(".pager a[rel=next]").click())
        self.assertEqual(self.query().get("offset"), ["20"])
        self.assertEqual(self.query().get("sort"), ["-date"], "paging keeps the sort")
        self.assertEqual(self.css("ol.hits").get_attribute("start"), "21")
        self.assertNotEqual(self.all("li.hit")[0].get_attribute("data-stream"), first)
        self.assertEqual(self.css(".pager span[aria-current=page]").text, "2")

    def test_05_a_query_that_cannot_be_read_shows_the_place_of_the_problem(self):
        self.search("kind:周例会 foo:bar")
        error = self.css("#query-error")
        self.assertEqual(error.get_attribute("data-column"), "10")
        self.assertIn("foo", error.text)
        self.assertEqual(self.text("#query-error mark.fault"), "foo:bar", "the query is marked from the column on")

    def test_06_a_meeting_shows_its_minutes_sign_in_sheet_decisions_and_timeline_as_of_a_date(self):
        self.search("kind:主任办公会 预算")
        link = self.css("li.hit .title a")
        title = link.text
        stream = self.all("li.hit")[0].get_attribute("data-stream")
        self.navigate_by(link.click)
        self.assertEqual(self.query().get("view"), ["meeting"])
        self.assertEqual(self.css("#meeting").get_attribute("data-stream"), stream)
        self.assertIn(title, self.text("#meeting h1"))
        self.assertIn("预算", self.text("#meeting"))
        self.assertGreater(len(self.all("#signin-sheet tbody tr")), 2)
        self.assertTrue(self.all("#decisions tbody tr"), "a 主任办公会 resolves decisions")
        events = self.all("#timeline li")
        self.assertGreater(len(events), 5)
        self.assertEqual(events[0].get_attribute("data-type"), "meeting.scheduled")
        self.assertEqual(self.all("#timeline li.after"), [])
        self.screenshot("06-meeting")
        # As of the day it was scheduled: nothing yet signed, decided or filed.
        day = self.browser.execute_script(
            "return document.querySelector('#timeline li .when').textContent.match(/(\\d{4})年(\\d+)月(\\d+)日/).slice(1)")
        as_of = f"{day[0]}-{int(day[1]):02d}-{int(day[2]):02d}"
        self.browser.execute_script("document.getElementById('as-of').value = arguments[0]", as_of)
        self.navigate_by(lambda: self.css("#as-of-form button[type=submit]").click())
        self.assertEqual(self.query().get("as_of"), [as_of])
        self.assertTrue(self.css("#as-of-banner").is_displayed())
        self.assertGreater(len(self.all("#timeline li.after")), 3, "later events are greyed on the timeline")
        self.assertEqual(self.css("#signin-sheet").get_attribute("data-held"), "false", "the meeting was not yet held")
        self.assertEqual(self.all("#decisions tbody tr"), [], "nor anything decided")
        self.assertIn("未归档", self.text(".facts"))
        self.screenshot("06-meeting-as-of")

    def test_07_a_record_above_the_clearance_is_restricted(self):
        self.search("class:秘密")
        hits = self.all("li.hit")
        self.assertTrue(hits, "the archive has 秘密 meetings")
        for hit in hits:
            self.assertEqual(hit.get_attribute("data-restricted"), "true")
            self.assertEqual(hit.find_element("css selector", ".badge.restricted").text, "受限")
            self.assertEqual(hit.find_elements("css selector", ".snippet"), [], "no content of a restricted record")
        self.screenshot("07-restricted-hits")
        self.navigate_by(lambda: self.css("li.hit .title a").click())
        self.assertEqual(self.css("#meeting").get_attribute("data-restricted"), "true")
        self.assertIn("受限", self.text(".restricted-panel"))
        self.assertIn("秘密", self.text(".restricted-panel"))
        self.assertEqual(self.all("#timeline"), [], "neither minutes nor events are shown")
        self.screenshot("07-restricted-meeting")

    def test_08_the_destruction_register_prints_on_a4(self):
        self.open("?view=register")
        rows = self.all("#register table.register tbody tr")
        self.assertGreater(len(rows), 100, "the 2014 ten-year records were destroyed")
        self.assertIn("档案销毁清册", self.text("#register .document-head"))
        self.assertTrue(self.css(".masthead").is_displayed())
        self.browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        try:
            self.assertFalse(self.css(".masthead").is_displayed(), "print media hides the navigation")
            self.assertFalse(self.css("#register .toolbar").is_displayed())
            self.assertTrue(self.css("#register .document-foot").is_displayed(), "the signature lines print")
            self.screenshot("08-register-print-media")
        finally:
            self.browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        pdf = base64.b64decode(self.browser.execute_cdp_cmd(
            "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": False})["data"])
        with open(os.path.join(OUT, "register.pdf"), "wb") as f:
            f.write(pdf)
        self.assertTrue(pdf.startswith(b"%PDF"))
        boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
        self.assertTrue(boxes, "the PDF has pages")
        for width, height in boxes:
            self.assertAlmostEqual(float(width), 595.3, delta=1.5, msg="A4 is 210 mm wide")
            self.assertAlmostEqual(float(height), 841.9, delta=1.5, msg="A4 is 297 mm high")
        self.assertGreater(len(boxes), 5, "892 records fill many A4 pages")

    def test_09_the_auditor_verifies_an_inclusion_proof_in_the_browser(self):
        self.open("?view=audit")
        checkpoint = self.text("#current-checkpoint")
        lines = checkpoint.splitlines()
        self.assertGreaterEqual(len(lines), 3)
        size = int(lines[1])
        self.assertGreater(size, 20000)

        def verify(text, index):
            box = self.css("#trusted-checkpoint")
            box.clear()
            box.send_keys(text)
            field = self.css("#leaf-index")
            field.clear()
            field.send_keys(str(index))
            self.css("#audit-form button[type=submit]").click()
            self.wait_until(lambda: self.all("#verdict"), what="the verdict")
            self.wait_ready()
            return self.css("#verdict")

        verdict = verify(checkpoint, 12345)
        self.assertEqual(verdict.get_attribute("data-verdict"), "pass", verdict.text)
        self.assertIn("核验通过", verdict.text)
        self.assertIn("一致性", self.text("#audit-result .steps"), "today's log extends the pasted checkpoint")
        self.screenshot("09-audit-pass")
        # One character of the root changed: the proof no longer adds up to it.
        root = lines[2]
        tampered = root[:5] + ("A" if root[5] != "A" else "B") + root[6:]
        verdict = verify("\n".join([lines[0], lines[1], tampered] + lines[3:]), 12345)
        self.assertEqual(verdict.get_attribute("data-verdict"), "fail")
        self.assertIn("不符", verdict.text)
        self.screenshot("09-audit-tampered")
        verdict = verify(checkpoint, size)
        self.assertEqual(verdict.get_attribute("data-verdict"), "fail", "a position beyond the checkpoint")

    def test_10_the_page_merkle_code_agrees_with_the_rfc6962_vectors(self):
        self.open("?view=audit")
        vectors = []
        for kind in ["inclusion", "consistency"]:
            for path in sorted(glob.glob(os.path.join(ROOT, "Fixtures", "rfc6962", kind, "*", "*.json"))):
                with open(path) as f:
                    vectors.append({"kind": kind, "name": os.path.relpath(path, ROOT), **json.load(f)})
        self.assertGreater(len(vectors), 50)
        results = self.browser.execute_async_script("""
            const [vectors, done] = arguments;
            import('./merkle.js').then(async (m) => {
              const b = (x) => m.fromBase64(x);
              const out = [];
              for (const v of vectors) {
                let ok = true;
                try {
                  if (v.kind === 'inclusion') {
                    await m.verifyInclusion(BigInt(v.leafIdx), BigInt(v.treeSize), b(v.leafHash), (v.proof || []).map(b), b(v.root));
                  } else {
                    await m.verifyConsistency(BigInt(v.size1), BigInt(v.size2), (v.proof || []).map(b), b(v.root1), b(v.root2));
                  }
                } catch (e) { ok = false; }
                out.push([v.name, ok, !v.wantErr]);
              }
              done(out);
            }, (e) => done([['import', false, true, String(e)]]));
        """, vectors)
        wrong = [r for r in results if r[1] != r[2]]
        self.assertEqual(wrong, [], "vectors the page's verifier got wrong")
        self.assertEqual(len(results), len(vectors))
        self.assertTrue(any(r[2] for r in results) and any(not r[2] for r in results))

    def test_11_every_section_draws(self):
        sections = {
            "board": "#board .board section[data-column=overdue]",
            "catalogue": "#catalogue table.catalogue tbody tr",
            "retention": "#retention-due",
            "stats": "#stats #by-dept svg rect",
            "search": "#search-intro",
        }
        for view, selector in sections.items():
            self.open(f"?view={view}")
            self.assertTrue(self.all(selector), f"{view}: {selector}")
            self.screenshot(f"11-{view}")
        self.open("?view=catalogue&year=2014")
        csv = self.css("#catalogue-csv").get_attribute("href")
        self.assertIn("format=csv", csv)
        self.assertIn("year=2014", csv)
        self.open("?view=board")
        overdue = int(self.css("section[data-column=overdue]").get_attribute("data-count"))
        self.assertGreater(overdue, 0, "the generated agency has overdue decisions")
        self.open("?view=stats")
        bars = self.all("#by-month svg g[data-value]")
        self.assertGreaterEqual(len(bars), 12, "a column for each month")
        self.open("?view=retention&year=2025")
        self.assertGreater(len(self.all("#retention-due tbody tr")), 10, "ten-year records of 2014 fall due in 2025")
        self.assertTrue(all(row.text.strip() for row in self.all("#retention-due tbody td:nth-child(3)")),
                        "each due record is named by its title")

    def test_12_a_clerk_sees_no_keepers_sections_and_is_refused_them(self):
        self.browser.delete_all_cookies()
        self.browser.get(self.server.base + "/?view=register")
        self.wait_ready()
        self.sign_in(CLERK, CLERK_PASSWORD)
        self.assertEqual(self.browser.execute_script("return document.body.dataset.error"), "403")
        self.assertIn("无权", self.text("#main"))
        self.assertFalse(self.css("#nav a[data-view=register]").is_displayed())
        self.assertTrue(self.css("#nav a[data-view=search]").is_displayed())
        self.navigate_by(lambda: self.css("#signout").click())
        self.assertEqual(self.browser.execute_script("return document.body.dataset.view"), "signin")
        self.browser.delete_all_cookies()

    def test_13_no_content_security_policy_violation_and_no_script_error(self):
        self.open("?view=stats")
        self.collect_console()
        problems = [e["message"] for e in PageTest.console
                    if "Content Security Policy" in e["message"] or e.get("source") == "javascript"]
        self.assertEqual(problems, [])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annals", default=options.annals, help="the annals binary (default: .build/debug/annals)")
    parser.add_argument("--keep", action="store_true", help="keep the generated archive")
    parser.add_argument("unittest_args", nargs="*")
    parsed = parser.parse_args()
    options.annals = os.path.abspath(parsed.annals)
    options.keep = parsed.keep
    if not os.access(options.annals, os.X_OK):
        print(f"error: {options.annals} is not built (swift build --product annals)", file=sys.stderr)
        return 1
    program = unittest.main(argv=[sys.argv[0], "-v"] + parsed.unittest_args, exit=False)
    result = program.result
    print(f"screenshots and the printed register: {OUT}")
    return 0 if result.wasSuccessful() and result.testsRun > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
