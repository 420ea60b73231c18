"""The official IMS schemas in tests/schemas, loaded offline and once per test session.

Remote ``schemaLocation``s inside the schemas (and any the documents name) are mapped
to the local copies by an lxml resolver: the exact host/path under
``qtiworks-catalog/``, else the same file name in the other folders. A resolver that
finds nothing raises instead of letting libxml2 go to the network.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlparse

from lxml import etree  # type: ignore[import-untyped]

from .conftest import XSD

QTI21 = "qtiworks-catalog/www.imsglobal.org/xsd/imsqti_v2p1.xsd"
CP_QTI21 = "qtiworks-catalog/www.imsglobal.org/xsd/qti/qtiv2p1/qtiv2p1_imscpv1p2_v1p0.xsd"
CP = "qti-sdk-schemes/imscp_v1p1.xsd"
QTI12 = "moodle-backup-cc/schemas/domainProfile_4/ims_qtiasiv1p2.xsd"
QTI12_DTD = "qtimigrationtool-schemas/ims_qtiasiv1p2p1.dtd"
# Served under another name: the QTI 2.1 CP profile imports the metadata schema as
# ..._v2p1p1.xsd; the stored copy is the 2.1 one (see tests/schemas/README.md).
_ALIASES = {"imsqti_metadata_v2p1p1.xsd": "qti-sdk-schemes/qtiv2p1/imsqti_metadata_v2p1.xsd"}


class OfflineResolver(etree.Resolver):  # type: ignore[misc]
    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root
        self.by_name: dict[str, Path] = {}
        for path in sorted(root.rglob("*.xsd")):
            self.by_name.setdefault(path.name, path)

    def resolve(self, url: str, pubid: str | None, context: object) -> object:
        parsed = urlparse(url)
        if parsed.scheme in ("http", "https"):
            local = self.root / "qtiworks-catalog" / parsed.netloc / parsed.path.lstrip("/")
            name = parsed.path.rsplit("/", 1)[-1]
            if not local.is_file():
                alias = _ALIASES.get(name)
                local = self.root / alias if alias else self.by_name.get(name, local)
            if not local.is_file():
                raise LookupError(f"no local copy of {url} under {self.root}")
            return self.resolve_filename(str(local), context)
        return None  # a relative path inside the local tree: libxml2 reads the file


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(OfflineResolver(XSD))
    return parser


@cache
def schema(relative: str) -> etree.XMLSchema:
    """One parsed schema, kept for the session (loading the QTI 2.1 XSD takes seconds)."""
    doc = etree.parse(str(XSD / relative), _parser())
    return etree.XMLSchema(doc)


@cache
def qti12_dtd() -> etree.DTD:
    return etree.DTD(str(XSD / QTI12_DTD))


@dataclass
class Failure:
    where: str
    errors: list[str]

    def __str__(self) -> str:
        return f"{self.where}:\n  " + "\n  ".join(self.errors[:10])


def check(where: str, doc: etree._ElementTree, validator: etree._Validator) -> Failure | None:
    if validator.validate(doc):
        return None
    return Failure(where, [f"line {e.line}: {e.message}" for e in validator.error_log])


def parse(data: bytes) -> etree._ElementTree:
    # Our documents name no DTD and no entity; a plain secure parse.
    return etree.parse(io.BytesIO(data), etree.XMLParser(no_network=True,
                                                         resolve_entities=False))


def strip_namespaces(doc: etree._ElementTree) -> etree._ElementTree:
    """A copy without namespaces or xsi attributes, for the namespace-less 1.2.1 DTD."""
    root = etree.fromstring(etree.tostring(doc))
    for el in root.iter():
        if isinstance(el.tag, str):
            el.tag = etree.QName(el).localname
            for name in list(el.attrib):
                if name.startswith("{"):
                    del el.attrib[name]
    etree.cleanup_namespaces(root)
    return etree.ElementTree(root)


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def validate_qti21_package(path: Path) -> list[Failure]:
    failures = []
    for name, data in members(path).items():
        if not name.endswith(".xml"):
            continue
        doc = parse(data)
        validator = schema(CP_QTI21) if name == "imsmanifest.xml" else schema(QTI21)
        failure = check(f"{path.name}!{name}", doc, validator)
        if failure:
            failures.append(failure)
    return failures


# The Canvas manifest names the CC 1.1 namespace, whose profile lists only CC resource
# types (Canvas writes imsqti_xmlv1p2); its structure is plain IMS CP 1.1.4, so it is
# checked against that schema in the CP namespace.
CANVAS_CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"


def as_plain_cp(doc: etree._ElementTree) -> etree._ElementTree:
    root = etree.fromstring(etree.tostring(doc))
    for el in root.iter():
        if isinstance(el.tag, str) and etree.QName(el).namespace == CANVAS_CP_NS:
            el.tag = f"{{{CP_NS}}}{etree.QName(el).localname}"
    for name in list(root.attrib):
        if name.endswith("schemaLocation"):
            del root.attrib[name]
    etree.cleanup_namespaces(root)
    return etree.ElementTree(root)


def validate_qti12_package(path: Path) -> list[Failure]:
    failures = []
    for name, data in members(path).items():
        if not name.endswith(".xml"):
            continue
        doc = parse(data)  # well-formed, or this raises
        where = f"{path.name}!{name}"
        if name == "imsmanifest.xml":
            found = [check(where, as_plain_cp(doc), schema(CP))]
        elif name.endswith("assessment_meta.xml"):
            found = []  # Canvas's cccv1p0.xsd is not a valid schema: well-formed is all
        else:
            found = [check(where, doc, schema(QTI12)),
                     check(where + " (1.2.1 DTD)", strip_namespaces(doc), qti12_dtd())]
        failures += [f for f in found if f]
    return failures
