#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""Generates the Chime SDK Voice operations from the Smithy model (JSON AST).

    gen_operations.py service MODEL.json ROOT [--check]
        writes ROOT/include/chime_voice/operations/*.hpp,
        ROOT/include/chime_voice/operations.hpp, ROOT/docs/operations.md and the
        operations table in ROOT/README.md (between its markers)
    gen_operations.py protocol-tests SHAPES.json OUT.hpp [--check]
        writes the shape tables and registry of the restJson1 protocol-test
        model (testdata/restjson1/shapes.json) for tests/test_operations_restjson1.cpp

With --check nothing is written; the exit status is 1 (and the stale files
are named) when a file differs from what would be written.

Standard library only. The output is deterministic: shapes are sorted by id.
"""

import html
import html.parser
import json
import os
import re
import sys
import textwrap

PRELUDE = {
    "smithy.api#String": "string", "smithy.api#Boolean": "boolean", "smithy.api#PrimitiveBoolean": "boolean",
    "smithy.api#Integer": "integer", "smithy.api#PrimitiveInteger": "integer", "smithy.api#Long": "long",
    "smithy.api#PrimitiveLong": "long", "smithy.api#Float": "float", "smithy.api#PrimitiveFloat": "float",
    "smithy.api#Double": "double", "smithy.api#PrimitiveDouble": "double", "smithy.api#Timestamp": "timestamp",
    "smithy.api#Byte": "byte", "smithy.api#PrimitiveByte": "byte", "smithy.api#Short": "short",
    "smithy.api#PrimitiveShort": "short", "smithy.api#Unit": "unit", "smithy.api#Blob": "blob",
    "smithy.api#Document": "document", "smithy.api#BigInteger": "bigInteger", "smithy.api#BigDecimal": "bigDecimal",
}

KIND_CPP = {
    "structure": "structure", "list": "list", "set": "list", "map": "map", "string": "string",
    "enum": "enumeration", "boolean": "boolean", "byte": "byte", "short": "short_", "integer": "integer",
    "long": "long_", "float": "float_", "double": "double_", "timestamp": "timestamp", "intEnum": "int_enum",
    "unit": "unit",
}

SCALAR_TYPE = {
    "string": "std::string", "enum": "std::string", "boolean": "bool", "byte": "std::int32_t",
    "short": "std::int32_t", "integer": "std::int32_t", "intEnum": "std::int32_t", "long": "std::int64_t",
    "float": "double", "double": "double", "timestamp": "::chime_voice::timestamp",
}

CPP_KEYWORDS = set("""alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t
char32_t class compl concept const consteval constexpr constinit const_cast continue co_await co_return co_yield
decltype default delete do double dynamic_cast else enum explicit export extern false float for friend goto if
inline int long mutable namespace new noexcept not not_eq nullptr operator or or_eq private protected public
register reinterpret_cast requires return short signed sizeof static static_assert static_cast struct switch
template this thread_local throw true try typedef typeid typename union unsigned using virtual void volatile
wchar_t while xor xor_eq metadata""".split())

# Public names the library already uses; a generated type never takes them.
RESERVED_TYPES = {"endpoint", "credentials", "error", "http_request", "http_header", "http_response",
                  "client_config", "signing_scope", "response_metadata", "modelled_error", "timestamp",
                  "serialize_options", "response_parse_options", "operation_descriptor"}

# Shapes whose C++ type is hand-written (phone_number_error.hpp); the
# generator emits conversions for them instead of a structure.
HANDWRITTEN = {"com.amazonaws.chimesdkvoice#PhoneNumberError": "phone_number_error"}
HANDWRITTEN_OPS = {"BatchDeletePhoneNumber"}  # batch_delete_phone_number.hpp

SERVICE_ERROR_KINDS = {
    "BadRequestException", "UnauthorizedClientException", "ForbiddenException", "NotFoundException",
    "ThrottledClientException", "ServiceFailureException", "ServiceUnavailableException",
    "AccessDeniedException", "ConflictException", "GoneException", "ResourceLimitExceededException",
    "UnprocessableEntityException",
}


def snake(name):
    s = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    s = re.sub(r"(?<=[A-Z])(?=[A-Z][a-z])", "_", s)
    return s.lower()


def member_ident(name):
    s = snake(name)
    return s + "_" if s in CPP_KEYWORDS else s


def local(shape_id):
    return shape_id.split("#", 1)[1]


def cpp_str(s):
    return json.dumps(s, ensure_ascii=False)


class _Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "br", "ul", "ol", "dl", "dt", "dd", "note", "important"):
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n\n- ")

    def handle_endtag(self, tag):
        if tag in ("p", "ul", "ol", "li", "dl", "dt", "dd"):
            self.parts.append("\n\n")

    def handle_data(self, data):
        self.parts.append(data)


def plain_text(doc):
    """The model's HTML documentation as plain text paragraphs."""
    if not doc:
        return []
    p = _Text()
    p.feed(doc)
    p.close()
    text = "".join(p.parts)
    paras = []
    for para in re.split(r"\n\s*\n", text):
        para = " ".join(para.split()).replace("`", "'")
        if para:
            paras.append(para)
    return paras


def doxygen_escape(s):
    # Plain text for Doxygen: characters that start commands, HTML or links
    # are escaped, except inside `code spans` (Doxygen reads those literally).
    out = []
    in_code = False
    for ch in s:
        if ch == "`":
            in_code = not in_code
            out.append(ch)
        elif not in_code and ch in "\\@<>&#%$":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def doc_lines(paras, indent, width=100):
    lines = []
    prefix = " " * indent + "/// "
    for i, para in enumerate(paras):
        if i:
            lines.append(" " * indent + "///")
        bullet = para.startswith("- ")
        body = doxygen_escape(para)
        for ln in textwrap.wrap(body, width=max(40, width - len(prefix)), break_long_words=False,
                                break_on_hyphens=False, subsequent_indent="  " if bullet else ""):
            lines.append(prefix + ln)
    return lines


class Model:
    def __init__(self, path, namespace_filter=None):
        with open(path, encoding="utf-8") as f:
            self.doc = json.load(f)
        self.shapes = self.doc["shapes"]
        self.index = {}
        self.order = []

    def shape(self, sid):
        if sid in self.shapes:
            return self.shapes[sid]
        if sid in PRELUDE:
            return {"type": PRELUDE[sid]}
        raise KeyError(sid)

    def type_of(self, sid):
        return self.shape(sid)["type"]

    def reach(self, roots):
        seen = set()
        stack = list(roots)
        while stack:
            sid = stack.pop()
            if sid in seen:
                continue
            seen.add(sid)
            s = self.shape(sid)
            t = s["type"]
            if t in ("structure", "union"):
                for m in s.get("members", {}).values():
                    stack.append(m["target"])
            elif t in ("list", "set"):
                stack.append(s["member"]["target"])
            elif t == "map":
                stack.append(s["key"]["target"])
                stack.append(s["value"]["target"])
        return seen

    def sensitive(self, sid, depth=0):
        s = self.shape(sid)
        if "smithy.api#sensitive" in s.get("traits", {}):
            return True
        if depth > 8:
            return False
        t = s["type"]
        if t in ("list", "set"):
            return self.sensitive(s["member"]["target"], depth + 1)
        if t == "map":
            return self.sensitive(s["key"]["target"], depth + 1) or self.sensitive(s["value"]["target"], depth + 1)
        return False


def unsupported(model, sid, seen=None):
    """Why the engine cannot handle shape `sid` (None when it can)."""
    seen = seen or set()
    if sid in seen:
        return None
    seen.add(sid)
    s = model.shape(sid)
    t = s["type"]
    if t in ("union", "blob", "document", "bigInteger", "bigDecimal"):
        return t
    if t in ("structure",):
        for mn, m in s.get("members", {}).items():
            tr = m.get("traits", {})
            if "smithy.api#httpPayload" in tr:
                return "@httpPayload"
            if "smithy.api#httpPrefixHeaders" in tr or "smithy.api#httpQueryParams" in tr:
                return "@httpPrefixHeaders/@httpQueryParams"
            if "smithy.api#httpHeader" in tr and model.type_of(m["target"]) == "timestamp":
                return "timestamp header"
            r = unsupported(model, m["target"], seen)
            if r:
                return r
    elif t in ("list", "set"):
        return unsupported(model, s["member"]["target"], seen)
    elif t == "map":
        return unsupported(model, s["value"]["target"], seen)
    return None


TS_FORMAT = {"date-time": "date_time", "epoch-seconds": "epoch_seconds", "http-date": "http_date"}


def binding_of(traits):
    if "__greedy" in traits:
        return "greedy_label"
    if "smithy.api#httpLabel" in traits:
        return "label"
    if "smithy.api#httpQuery" in traits:
        return "query"
    if "smithy.api#httpHeader" in traits:
        return "header"
    if "smithy.api#httpResponseCode" in traits:
        return "response_code"
    return "body"


def wire_name(mname, traits):
    for t in ("smithy.api#httpQuery", "smithy.api#httpHeader"):
        if t in traits:
            return traits[t]
    return traits.get("smithy.api#jsonName", mname)


def emit_tables(model, ops, ns, service_errors):
    """The constexpr shape, member and operation tables (operations/model.hpp)."""
    roots = set()
    for op in ops:
        o = model.shapes[op]
        roots.add(o.get("input", {}).get("target", "smithy.api#Unit"))
        roots.add(o.get("output", {}).get("target", "smithy.api#Unit"))
        for e in o.get("errors", []):
            roots.add(e["target"])
    roots.add("smithy.api#Unit")
    ids = sorted(model.reach(roots))
    index = {sid: i for i, sid in enumerate(ids)}
    out = []
    # Members
    for sid in ids:
        s = model.shape(sid)
        if s["type"] not in ("structure", "union") or not s.get("members"):
            continue
        rows = []
        # Greedy labels are only known from the uri; resolved below per op.
        for mname, m in s["members"].items():
            tr = m.get("traits", {})
            b = binding_of(tr)
            fmt = TS_FORMAT.get(tr.get("smithy.api#timestampFormat"), "unset")
            rows.append("    {%s, %s, %d, binding::%s, %s, ts_format::%s}," % (
                cpp_str(mname), cpp_str(wire_name(mname, tr)), index[m["target"]], b,
                "true" if "smithy.api#required" in tr else "false", fmt))
        out.append("inline constexpr member_info members_%d[] = {\n%s\n};" % (index[sid], "\n".join(rows)))
    # Shapes
    rows = []
    for sid in ids:
        s = model.shape(sid)
        t = s["type"]
        tr = s.get("traits", {})
        kind = KIND_CPP.get(t, "unit")
        members = "members_%d" % index[sid] if t in ("structure", "union") and s.get("members") else "nullptr"
        count = len(s.get("members", {})) if t in ("structure", "union") else 0
        element = key = 0
        if t in ("list", "set"):
            element = index[s["member"]["target"]]
        elif t == "map":
            element = index[s["value"]["target"]]
            key = index[s["key"]["target"]]
        ln = tr.get("smithy.api#length", {})
        rg = tr.get("smithy.api#range", {})
        fmt = TS_FORMAT.get(tr.get("smithy.api#timestampFormat"), "unset")
        rows.append("    {shape_kind::%s, %s, %s, %d, %d, %d, %d, %d, %s, %s, %s, %s, %s, %s, ts_format::%s}," % (
            kind, cpp_str(local(sid)), members, count, element, key,
            ln.get("min", -1), ln.get("max", -1),
            "true" if "min" in rg else "false", "true" if "max" in rg else "false",
            repr(float(rg.get("min", 0))), repr(float(rg.get("max", 0))),
            "true" if "smithy.api#sensitive" in tr else "false",
            "true" if "smithy.api#sparse" in tr else "false", fmt))
    out.append("inline constexpr shape_info shapes[] = {\n%s\n};" % "\n".join(rows))
    out.append("/// The shape table of the model.")
    out.append("inline constexpr model_info model{shapes};")
    # Errors and operations
    for op in ops:
        o = model.shapes[op]
        name = local(op)
        errs = []
        for e in o.get("errors", []):
            es = model.shapes[e["target"]]
            et = es.get("traits", {})
            en = local(e["target"])
            kind = snake(en) if en in service_errors else "unmodelled"
            errs.append("    {%s, service_error_kind::%s, fault::%s, %d}," % (
                cpp_str(en), kind, et.get("smithy.api#error", "client"), et.get("smithy.api#httpError", 400 if et.get("smithy.api#error") == "client" else 500)))
        out.append("inline constexpr std::array<modelled_error, %d> errors_%s{{\n%s\n}};" % (len(errs), name, "\n".join(errs)))
        http = o["traits"]["smithy.api#http"]
        pg = o["traits"].get("smithy.api#paginated", {})
        dep = o["traits"].get("smithy.api#deprecated")
        dep_msg = (dep.get("message") or "deprecated") if dep is not None else ""
        out.append("inline constexpr operation_info op_%s{%s, %s, %s, %d, %d, %d, errors_%s, {%s, %s, %s, %s}, %s};" % (
            name, cpp_str(name), cpp_str(http["method"]), cpp_str(http["uri"]), http.get("code", 200),
            index[o.get("input", {}).get("target", "smithy.api#Unit")],
            index[o.get("output", {}).get("target", "smithy.api#Unit")], name,
            cpp_str(pg.get("inputToken", "")), cpp_str(pg.get("outputToken", "")), cpp_str(pg.get("pageSize", "")),
            cpp_str(pg.get("items", "")), cpp_str(dep_msg)))
    return out, index


def fix_greedy(model, ops):
    """Marks members bound to greedy labels ({Name+}) in the model dict."""
    for op in ops:
        o = model.shapes[op]
        uri = o["traits"]["smithy.api#http"]["uri"]
        inp = o.get("input", {}).get("target")
        for g in re.findall(r"\{([^}]+)\+\}", uri):
            if inp and g in model.shapes[inp].get("members", {}):
                model.shapes[inp]["members"][g].setdefault("traits", {})["__greedy"] = True


# ------------------------------------------------------------------ typed layer

class Typed:
    def __init__(self, model, ops):
        self.model = model
        self.ops = ops
        self.names = {}
        io = {}
        for op in ops:
            o = model.shapes[op]
            n = snake(local(op))
            i = o.get("input", {}).get("target")
            r = o.get("output", {}).get("target")
            if i and i != "smithy.api#Unit":
                io[i] = n + "_request"
            if r and r != "smithy.api#Unit":
                io[r] = n + "_response"
        self.io = io
        for sid, s in model.shapes.items():
            if s["type"] == "structure" and "smithy.api#error" not in s.get("traits", {}):
                if sid in io:
                    self.names[sid] = io[sid]
                elif sid in HANDWRITTEN:
                    self.names[sid] = HANDWRITTEN[sid]
                else:
                    n = snake(local(sid))
                    if n in RESERVED_TYPES or n.endswith("_request") or n.endswith("_response"):
                        n += "_shape"
                    self.names[sid] = n

    def cpp_type(self, sid):
        t = self.model.type_of(sid)
        if t in SCALAR_TYPE:
            return SCALAR_TYPE[t]
        s = self.model.shape(sid)
        if t in ("list", "set"):
            return "std::vector<%s>" % self.cpp_type(s["member"]["target"])
        if t == "map":
            return "std::map<std::string, %s>" % self.cpp_type(s["value"]["target"])
        if t == "structure":
            return "::chime_voice::" + self.names[sid]
        raise ValueError("unsupported type %s for %s" % (t, sid))

    def to_expr(self, expr, sid, depth=0):
        t = self.model.type_of(sid)
        if t in SCALAR_TYPE:
            return "rj::to_json(%s)" % expr
        s = self.model.shape(sid)
        e = "e%d" % depth
        if t in ("list", "set"):
            inner = self.to_expr(e, s["member"]["target"], depth + 1)
            return ("[&] { boost::json::array a%d; a%d.reserve(%s.size()); for (const auto& %s : %s) a%d.push_back(%s); "
                    "return boost::json::value(std::move(a%d)); }()" % (depth, depth, expr, e, expr, depth, inner, depth))
        if t == "map":
            inner = self.to_expr("%s.second" % e, s["value"]["target"], depth + 1)
            return ("[&] { boost::json::object o%d; for (const auto& %s : %s) o%d[%s.first] = %s; "
                    "return boost::json::value(std::move(o%d)); }()" % (depth, e, expr, depth, e, inner, depth))
        return "to_json_value(%s)" % expr

    def from_stmt(self, vexpr, target, sid, depth=0):
        t = self.model.type_of(sid)
        if t in SCALAR_TYPE:
            return "rj::from_json(%s, %s);" % (vexpr, target)
        s = self.model.shape(sid)
        e = "e%d" % depth
        if t in ("list", "set"):
            inner = self.from_stmt(e, "%s.back()" % target, s["member"]["target"], depth + 1)
            return ("if (%s.is_array()) for (const auto& %s : %s.get_array()) { %s.emplace_back(); %s }"
                    % (vexpr, e, vexpr, target, inner))
        if t == "map":
            inner = self.from_stmt("%s.value()" % e, "%s[std::string(%s.key())]" % (target, e), s["value"]["target"], depth + 1)
            return "if (%s.is_object()) for (const auto& %s : %s.get_object()) { %s }" % (vexpr, e, vexpr, inner)
        return "from_json_value(%s, %s);" % (vexpr, target)

    def deps(self, sid):
        """Structures a structure's members need declared first."""
        out = []
        def walk(t):
            tt = self.model.type_of(t)
            s = self.model.shape(t)
            if tt == "structure":
                out.append(t)
            elif tt in ("list", "set"):
                walk(s["member"]["target"])
            elif tt == "map":
                walk(s["value"]["target"])
        for m in self.model.shape(sid).get("members", {}).values():
            walk(m["target"])
        return out

    def member_doc(self, sid, mname, m):
        tr = m.get("traits", {})
        paras = plain_text(tr.get("smithy.api#documentation"))
        target = m["target"]
        ts = self.model.shape(target)
        notes = []
        notes.append("Model member `%s` (%s)." % (mname, local(target) if "#" in target else target))
        if "smithy.api#required" in tr:
            notes.append("Required.")
        b = binding_of(tr)
        if b == "label":
            notes.append("Sent in the path (`@httpLabel`).")
        elif b == "query":
            notes.append("Sent in the query as `%s` (`@httpQuery`)." % tr["smithy.api#httpQuery"])
        st = ts.get("traits", {})
        if "smithy.api#length" in st:
            ln = st["smithy.api#length"]
            notes.append("`@length` min %s, max %s (checked)." % (ln.get("min", "-"), ln.get("max", "-")))
        if "smithy.api#range" in st:
            rg = st["smithy.api#range"]
            notes.append("`@range` min %s, max %s (checked)." % (rg.get("min", "-"), rg.get("max", "-")))
        if "smithy.api#pattern" in st:
            notes.append("`@pattern` `%s` (not checked; the service checks it)." % st["smithy.api#pattern"])
        if ts.get("type") == "enum":
            vals = [mv.get("traits", {}).get("smithy.api#enumValue", k) for k, mv in ts.get("members", {}).items()]
            notes.append("Enum %s, one of: %s. Other values are kept as sent." % (local(target), ", ".join(vals)))
        if "smithy.api#default" in tr:
            notes.append("Model default %s when the service omits it (kept absent here, as the SDKs do)." % json.dumps(tr["smithy.api#default"]))
        if self.model.sensitive(target):
            notes.append("Sensitive: operator<< prints `<redacted>`.")
        return paras + [" ".join(notes)]

    def struct_code(self, sid, struct_name, docs, response=False):
        s = self.model.shape(sid) if sid else {"members": {}}
        lines = []
        lines += doc_lines(docs, 0)
        lines.append("struct %s {" % struct_name)
        fields = []
        for mname, m in s.get("members", {}).items():
            tr = m.get("traits", {})
            ident = member_ident(mname)
            ctype = self.cpp_type(m["target"])
            req = "smithy.api#required" in tr
            lines += doc_lines(self.member_doc(sid, mname, m), 4)
            if req:
                init = "{}" if ctype not in ("bool", "std::int32_t", "std::int64_t", "double") else "{}"
                lines.append("    %s %s%s;" % (ctype, ident, init))
            else:
                lines.append("    std::optional<%s> %s;" % (ctype, ident))
            fields.append((mname, ident, m, req))
        if response:
            lines.append("    /// HTTP status and request ids of the response.")
            lines.append("    response_metadata metadata;")
        else:
            lines.append("    /// Member-wise equality.")
            lines.append("    bool operator==(const %s&) const = default;" % struct_name)
        lines.append("};")
        lines.append("")
        return lines, fields

    def conv_code(self, struct_name, fields, sid):
        L = []
        L.append("/// %s in the CLI JSON form (model member names)." % struct_name)
        L.append("inline boost::json::value to_json_value(const %s&%s) {" % (struct_name, " v" if fields else ""))
        L.append("    boost::json::object o;")
        for mname, ident, m, req in fields:
            if req:
                L.append("    o[%s] = %s;" % (cpp_str(mname), self.to_expr("v.%s" % ident, m["target"])))
            else:
                L.append("    if (v.%s) o[%s] = %s;" % (ident, cpp_str(mname), self.to_expr("(*v.%s)" % ident, m["target"])))
        L.append("    return o;")
        L.append("}")
        L.append("/// Fills %s from the CLI JSON form (a validated value; other members are ignored)." % struct_name)
        L.append("inline void from_json_value(const boost::json::value& j, %s& v) {" % struct_name)
        if fields:
            L.append("    if (!j.is_object()) return;")
            L.append("    const auto& o = j.get_object();")
            for mname, ident, m, req in fields:
                tgt = "v.%s" % ident if req else "v.%s.emplace()" % ident
                if req:
                    L.append("    if (const auto* p = o.if_contains(%s)) { %s }" % (cpp_str(mname), self.from_stmt("(*p)", "v.%s" % ident, m["target"])))
                else:
                    L.append("    if (const auto* p = o.if_contains(%s); p && !p->is_null()) { auto& t = v.%s.emplace(); %s }" % (
                        cpp_str(mname), ident, self.from_stmt("(*p)", "t", m["target"])))
        else:
            L.append("    (void)j;")
            L.append("    (void)v;")
        L.append("}")
        return L

    def print_code(self, struct_name, fields, response=False):
        L = ["/// Prints every present member; `@sensitive` ones as `<redacted>`.",
             "inline std::ostream& operator<<(std::ostream& os, const %s& v) {" % struct_name,
             "    (void)v;",
             "    os << \"%s{\";" % struct_name,
             "    detail::rj::field_printer p{os};",
             "    (void)p;"]
        if response:
            L.append("    p.field(\"http_status\", static_cast<std::int64_t>(v.metadata.http_status));")
            L.append("    if (!v.metadata.request_id.empty()) p.field(\"request_id\", v.metadata.request_id);")
        for mname, ident, m, req in fields:
            if self.model.sensitive(m["target"]):
                L.append("    p.redacted(\"%s\", %s);" % (ident, "true" if req else "v.%s.has_value()" % ident))
            else:
                L.append("    p.field(\"%s\", v.%s);" % (ident, ident))
        L.append("    return os << '}';")
        L.append("}")
        return L


HEADER_TOP = """// {path} — {what}
//
// GENERATED by tools/gen_operations.py from the Smithy model
// (chime-sdk-voice-2022-08-03.json); do not edit. Regenerate with the
// `generate_operations` target; the `operations_current` test checks it.
"""


def guard(path):
    return "CHIME_VOICE_" + re.sub(r"[^A-Za-z0-9]", "_", path[len("chime_voice/"):]).upper()


def gen_service(model_path, root):
    model = Model(model_path)
    svc = [k for k, v in model.shapes.items() if v["type"] == "service"][0]
    ops = sorted(o["target"] for o in model.shapes[svc]["operations"])
    fix_greedy(model, ops)
    files = {}
    tables, index = emit_tables(model, ops, "chime_model", SERVICE_ERROR_KINDS)
    files["include/chime_voice/operations/model.hpp"] = model_header(
        "chime_voice/operations/model.hpp", "the Chime SDK Voice model as tables for detail/rest_json.hpp",
        "chime_model", tables)
    typed = Typed(model, ops)
    files["include/chime_voice/operations/shapes.hpp"] = shapes_header(model, typed)
    for op in ops:
        name = local(op)
        if name in HANDWRITTEN_OPS:
            continue
        files["include/chime_voice/operations/%s.hpp" % snake(name)] = op_header(model, typed, op)
    files["include/chime_voice/operations/registry.hpp"] = registry_header(model, ops, "chime_model",
        "chime_voice/operations/registry.hpp", "chime_voice", True)
    files["include/chime_voice/operations.hpp"] = umbrella(ops)
    files["docs/operations.md"] = docs_table(model, ops)
    files["README.md"] = readme_with_table(root, model, ops)
    files["tests/generated/typed_dispatch.hpp"] = typed_dispatch(ops)
    return files


def typed_dispatch(ops):
    """Test glue: runs the typed functions of an operation named at run time."""
    L = ["// tests/generated/typed_dispatch.hpp — the typed serialize_request and",
         "// parse_X_response of every operation, called by name, for tests that",
         "// check the typed and the JSON (registry) forms agree.",
         "//", "// GENERATED by tools/gen_operations.py; do not edit.",
         "#ifndef CHIME_VOICE_TESTS_TYPED_DISPATCH_HPP", "#define CHIME_VOICE_TESTS_TYPED_DISPATCH_HPP", "",
         "#include <chime_voice/operations.hpp>", "", "#include <boost/json/value.hpp>", "",
         "#include <expected>", "#include <optional>", "#include <string_view>", "",
         "#pragma GCC diagnostic push", "#pragma GCC diagnostic ignored \"-Wdeprecated-declarations\"", "",
         "namespace chime_voice::test {", "",
         "/// The typed request built from `input` (CLI JSON form, already valid), serialized.",
         "inline std::optional<std::expected<http_request, error>> typed_serialize(std::string_view op, const boost::json::value& input,",
         "                                                                          const client_config& config) {"]
    for op in ops:
        n = local(op)
        sn = snake(n)
        if n in HANDWRITTEN_OPS:
            L += ["    if (op == %s) {" % cpp_str(n),
                  "        batch_delete_phone_number_request r;",
                  "        if (const auto* a = input.is_object() ? input.get_object().if_contains(\"PhoneNumberIds\") : nullptr; a && a->is_array())",
                  "            for (const auto& e : a->get_array()) if (e.is_string()) r.phone_number_ids.emplace_back(e.get_string());",
                  "        return serialize_request(r, config);",
                  "    }"]
            continue
        L += ["    if (op == %s) {" % cpp_str(n),
              "        %s_request r;" % sn,
              "        detail::from_json_value(input, r);",
              "        return serialize_request(r, config);",
              "    }"]
    L += ["    return std::nullopt;", "}", "",
          "/// The typed output parsed from `r`, converted to the CLI JSON form.",
          "inline std::optional<std::expected<boost::json::value, error>> typed_parse(std::string_view op, const http_response_view& r) {"]
    for op in ops:
        n = local(op)
        sn = snake(n)
        if n in HANDWRITTEN_OPS:
            L += ["    if (op == %s) {" % cpp_str(n),
                  "        auto out = parse_batch_delete_phone_number_response(r);",
                  "        if (!out) return std::unexpected(std::move(out.error()));",
                  "        boost::json::array a;",
                  "        for (const auto& e : out->phone_number_errors) a.push_back(detail::to_json_value(e));",
                  "        return boost::json::value(boost::json::object{{\"PhoneNumberErrors\", std::move(a)}});",
                  "    }"]
            continue
        L += ["    if (op == %s) {" % cpp_str(n),
              "        auto out = parse_%s_response(r);" % sn,
              "        if (!out) return std::unexpected(std::move(out.error()));",
              "        return detail::to_json_value(*out);",
              "    }"]
    L += ["    return std::nullopt;", "}", "", "} // namespace chime_voice::test", "",
          "#pragma GCC diagnostic pop", "", "#endif", ""]
    return "\n".join(L)


def model_header(path, what, ns, tables):
    L = [HEADER_TOP.format(path=path, what=what).rstrip(), "#ifndef " + guard(path), "#define " + guard(path), "",
         "#include <chime_voice/detail/rest_json.hpp>", "#include <chime_voice/error.hpp>",
         "#include <chime_voice/service_error.hpp>", "", "#include <array>", "", "/// Generated tables (not API).",
         "namespace chime_voice::detail::%s {" % ns, "",
         "using rj::binding;", "using rj::member_info;", "using rj::model_info;", "using rj::operation_info;",
         "using rj::shape_info;", "using rj::shape_kind;", "using rj::ts_format;", ""]
    L += tables
    L += ["", "} // namespace chime_voice::detail::%s" % ns, "", "#endif", ""]
    return "\n".join(L)


def topo_structs(model, typed):
    structs = [sid for sid, s in sorted(model.shapes.items()) if s["type"] == "structure"
               and sid in typed.names and sid not in typed.io and sid not in HANDWRITTEN]
    done, order = set(), []
    def visit(sid, stack):
        if sid in done:
            return
        if sid in stack:
            raise ValueError("recursive structure " + sid)
        stack.add(sid)
        for d in typed.deps(sid):
            if d in typed.names and d not in typed.io and d not in HANDWRITTEN:
                visit(d, stack)
        stack.discard(sid)
        done.add(sid)
        order.append(sid)
    for s in structs:
        visit(s, set())
    return order


def shapes_header(model, typed):
    path = "chime_voice/operations/shapes.hpp"
    L = [HEADER_TOP.format(path=path, what="the structures and enums shared by the operations").rstrip(),
         "//", "// Every structure has snake_case members (std::optional unless @required),",
         "// operator<< (with @sensitive members <redacted>) and, in detail, the",
         "// conversion to and from the CLI JSON form the registry uses.",
         "#ifndef " + guard(path), "#define " + guard(path), "",
         "#include <chime_voice/http.hpp>", "#include <chime_voice/operations/model.hpp>",
         "#include <chime_voice/phone_number_error.hpp>", "#include <chime_voice/timestamp.hpp>", "",
         "#include <boost/json/array.hpp>", "#include <boost/json/object.hpp>", "#include <boost/json/value.hpp>", "",
         "#include <array>", "#include <cstdint>", "#include <map>", "#include <optional>", "#include <ostream>",
         "#include <string>", "#include <string_view>", "#include <vector>", "", "namespace chime_voice {", ""]
    # enums
    for sid, s in sorted(model.shapes.items()):
        if s["type"] != "enum":
            continue
        vals = [mv.get("traits", {}).get("smithy.api#enumValue", k) for k, mv in s.get("members", {}).items()]
        L += doc_lines(plain_text(s.get("traits", {}).get("smithy.api#documentation")) +
                       ["The values of enum %s in the model; members of this type are std::string and keep any other value as sent." % local(sid)], 0)
        L.append("inline constexpr std::array<std::string_view, %d> %s_values{%s};" % (
            len(vals), snake(local(sid)), ", ".join(cpp_str(v) for v in vals)))
        L.append("")
    order = topo_structs(model, typed)
    for sid in order:
        s = model.shapes[sid]
        name = typed.names[sid]
        docs = plain_text(s.get("traits", {}).get("smithy.api#documentation")) or ["Structure %s of the model." % local(sid)]
        code, fields = typed.struct_code(sid, name, docs + ["Model shape %s." % local(sid)])
        L += code
    L.append("namespace detail {")
    for sid in order:
        L.append("boost::json::value to_json_value(const %s& v);" % typed.names[sid])
        L.append("void from_json_value(const boost::json::value& j, %s& v);" % typed.names[sid])
    # hand-written PhoneNumberError
    L += ["/// phone_number_error in the CLI JSON form.",
          "inline boost::json::value to_json_value(const phone_number_error& v) {",
          "    boost::json::object o;",
          "    if (v.has_phone_number_id) o[\"PhoneNumberId\"] = v.phone_number_id;",
          "    if (v.has_error_code) o[\"ErrorCode\"] = v.error_code_raw;",
          "    if (v.has_error_message) o[\"ErrorMessage\"] = v.error_message;",
          "    return o;", "}",
          "/// Fills phone_number_error from the CLI JSON form.",
          "inline void from_json_value(const boost::json::value& j, phone_number_error& v) {",
          "    if (!j.is_object()) return;",
          "    const auto& o = j.get_object();",
          "    if (const auto* p = o.if_contains(\"PhoneNumberId\"); p && p->is_string()) { v.phone_number_id = p->get_string(); v.has_phone_number_id = true; }",
          "    if (const auto* p = o.if_contains(\"ErrorCode\"); p && p->is_string()) { v.error_code_raw = p->get_string(); v.code = parse_error_code(v.error_code_raw); v.has_error_code = true; }",
          "    if (const auto* p = o.if_contains(\"ErrorMessage\"); p && p->is_string()) { v.error_message = p->get_string(); v.has_error_message = true; }",
          "}"]
    for sid in order:
        name = typed.names[sid]
        _, fields = typed.struct_code(sid, name, [])
        L += typed.conv_code(name, fields, sid)
    L.append("} // namespace detail")
    L.append("")
    for sid in order:
        name = typed.names[sid]
        _, fields = typed.struct_code(sid, name, [])
        L += typed.print_code(name, fields)
        L.append("")
    L += ["} // namespace chime_voice", "", "#endif", ""]
    return "\n".join(L)


def op_header(model, typed, op):
    o = model.shapes[op]
    name = local(op)
    sn = snake(name)
    path = "chime_voice/operations/%s.hpp" % sn
    http = o["traits"]["smithy.api#http"]
    pg = o["traits"].get("smithy.api#paginated")
    dep = o["traits"].get("smithy.api#deprecated")
    dep_attr = "[[deprecated(%s)]] " % cpp_str(dep.get("message") or "deprecated") if dep is not None else ""
    in_sid = o.get("input", {}).get("target", "smithy.api#Unit")
    out_sid = o.get("output", {}).get("target", "smithy.api#Unit")
    opdoc = plain_text(o["traits"].get("smithy.api#documentation"))
    L = [HEADER_TOP.format(path=path, what="the %s operation" % name).rstrip(),
         "//", "// `@http(method: \"%s\", uri: \"%s\", code: %d)`; errors: %s." % (
             http["method"], http["uri"], http.get("code", 200), ", ".join(local(e["target"]) for e in o.get("errors", []))),
         "#ifndef " + guard(path), "#define " + guard(path), "",
         "#include <chime_voice/operations/shapes.hpp>", "", "#include <expected>", "#include <optional>",
         "#include <string_view>", "", "namespace chime_voice {", ""]
    req_name, resp_name = sn + "_request", sn + "_response"
    in_doc = (plain_text(model.shape(in_sid).get("traits", {}).get("smithy.api#documentation")) if in_sid != "smithy.api#Unit" else [])
    code, in_fields = typed.struct_code(in_sid if in_sid != "smithy.api#Unit" else None, req_name,
                                        in_doc + ["Input of %s (shape %s)." % (name, local(in_sid))])
    L += code
    code, out_fields = typed.struct_code(out_sid if out_sid != "smithy.api#Unit" else None, resp_name,
                                         ["Output of %s (shape %s)." % (name, local(out_sid))], response=True)
    L += code
    L += ["/// The operation's `smithy.api#http` method.",
          "inline constexpr std::string_view %s_http_method = %s;" % (sn, cpp_str(http["method"])),
          "/// The operation's `smithy.api#http` uri (labels in braces).",
          "inline constexpr std::string_view %s_http_uri = %s;" % (sn, cpp_str(http["uri"])),
          "/// The operation's `smithy.api#http` success code.",
          "inline constexpr int %s_http_code = %d;" % (sn, http.get("code", 200)), ""]
    L.append("namespace detail {")
    L += typed.conv_code(req_name, in_fields, in_sid)
    L += typed.conv_code(resp_name, out_fields, out_sid)
    L.append("} // namespace detail")
    L.append("")
    L += typed.print_code(req_name, in_fields)
    L.append("")
    L += typed.print_code(resp_name, out_fields, response=True)
    L.append("")
    opref = "detail::chime_model::op_%s" % name
    mref = "detail::chime_model::model"
    L += doc_lines(opdoc, 0) if opdoc else []
    if opdoc:
        L.append("///")
    L += ["/// Serializes %s against an already resolved endpoint: validates the input" % name,
          "/// (`@required`, `@length`, `@range`, UTF-8; see detail/rest_json.hpp), fills the",
          "/// path labels and query, writes the JSON body and sets http_request::signing",
          "/// from the endpoint. Errors: validation. May throw std::bad_alloc.",
          "%sinline std::expected<http_request, error> serialize_request(const %s& req, const endpoint& ep," % (dep_attr, req_name),
          "                                                            std::string_view app_id,",
          "                                                            const serialize_options& opt = {}) {",
          "    return detail::rj::serialize(%s, %s, detail::to_json_value(req), ep, app_id, opt);" % (mref, opref),
          "}", "",
          "/// Serializes %s: validates the input, resolves the endpoint from the" % name,
          "/// configuration (resolve_endpoint) and builds the unsigned request.",
          "/// Errors: validation, endpoint. May throw std::bad_alloc.",
          "%sinline std::expected<http_request, error> serialize_request(const %s& req, const client_config& config," % (dep_attr, req_name),
          "                                                            const serialize_options& opt) {",
          "    return detail::rj::serialize(%s, %s, detail::to_json_value(req), config, opt);" % (mref, opref),
          "}", "",
          "/// serialize_request with the default serialize_options.",
          "%sinline std::expected<http_request, error> serialize_request(const %s& req, const client_config& config) {" % (dep_attr, req_name),
          "    return detail::rj::serialize(%s, %s, detail::to_json_value(req), config, serialize_options{});" % (mref, opref),
          "}", "",
          "/// Reads a %s response: any 2xx (the model says %d) gives the output" % (name, http.get("code", 200)),
          "/// (unknown members ignored, null members absent, a member of the wrong",
          "/// type a malformed_response naming its path); another status the service",
          "/// error (make_service_error with the operation's modelled errors).",
          "/// May throw std::bad_alloc.",
          "%sinline std::expected<%s, error> parse_%s(const http_response_view& r," % (dep_attr, resp_name, resp_name),
          "                                            const response_parse_options& opt) {",
          "    auto j = detail::rj::parse(%s, %s, r, opt);" % (mref, opref),
          "    if (!j) return std::unexpected(std::move(j.error()));",
          "    %s out;" % resp_name,
          "    detail::from_json_value(*j, out);",
          "    out.metadata = read_response_metadata(r);",
          "    return out;",
          "}", "",
          "/// parse_%s with the default response_parse_options." % resp_name,
          "%sinline std::expected<%s, error> parse_%s(const http_response_view& r) {" % (dep_attr, resp_name, resp_name),
          "    auto j = detail::rj::parse(%s, %s, r, response_parse_options{});" % (mref, opref),
          "    if (!j) return std::unexpected(std::move(j.error()));",
          "    %s out;" % resp_name,
          "    detail::from_json_value(*j, out);",
          "    out.metadata = read_response_metadata(r);",
          "    return out;",
          "}", ""]
    if pg:
        it = member_ident(pg["inputToken"])
        ot = member_ident(pg["outputToken"])
        L += ["/// Pagination as a value (`@paginated`: input %s, output %s): the request for the" % (pg["inputToken"], pg["outputToken"]),
              "/// next page, or std::nullopt when `last` was the last page (no or empty",
              "/// %s, or the same token as `req` sent, which would loop). No I/O." % pg["outputToken"],
              "inline std::optional<%s> next_page_request(const %s& req, const %s& last) {" % (req_name, req_name, resp_name),
              "    if (!last.%s || last.%s->empty()) return std::nullopt;" % (ot, ot),
              "    if (req.%s && *req.%s == *last.%s) return std::nullopt;" % (it, it, ot),
              "    %s next = req;" % req_name,
              "    next.%s = last.%s;" % (it, ot),
              "    return next;",
              "}", ""]
    L += ["} // namespace chime_voice", "", "#endif", ""]
    return "\n".join(L)


def registry_header(model, ops, ns, path, top_ns, service):
    L = [HEADER_TOP.format(path=path, what="every operation by name, in the CLI JSON form").rstrip(),
         "//", "// find_operation(\"ListPhoneNumbers\") gives a descriptor whose serialize()",
         "// takes the input as the AWS CLI's --cli-input-json writes it (model member",
         "// names, timestamps as RFC 3339 strings) and whose parse() gives the output",
         "// in the same form, through the same tables as the typed functions.",
         "#ifndef " + guard(path), "#define " + guard(path), ""]
    if service:
        L.append("#include <chime_voice/operations/model.hpp>")
    L += ["#include <chime_voice/detail/rest_json.hpp>", "", "#include <boost/json/value.hpp>", "",
          "#include <algorithm>", "#include <array>", "#include <expected>", "#include <optional>", "#include <span>",
          "#include <string_view>", "", "namespace %s {" % top_ns, ""]
    if service:
        L += ["/// One operation of the service, driven by the generated model tables."]
        L += DESCRIPTOR
    tag = "detail::%s" % ns
    L.append("/// Every operation, sorted by name.")
    L.append("inline constexpr std::array<operation_descriptor, %d> operations{{" % len(ops))
    for op in sorted(ops, key=local):
        L.append("    {&%s::op_%s, &%s::model}," % (tag, local(op), tag))
    L.append("}};")
    L += ["", "/// The descriptor of the operation named `name` as in the model",
          "/// (\"ListPhoneNumbers\"), or nullptr when there is none.",
          "inline const operation_descriptor* find_operation(std::string_view name) noexcept {",
          "    const auto it = std::lower_bound(operations.begin(), operations.end(), name,",
          "                                     [](const operation_descriptor& d, std::string_view n) { return d.name() < n; });",
          "    return it != operations.end() && it->name() == name ? &*it : nullptr;", "}", "",
          "} // namespace %s" % top_ns, "", "#endif", ""]
    return "\n".join(L)


DESCRIPTOR = """struct operation_descriptor {
    const detail::rj::operation_info* info; ///< the operation's table row
    const detail::rj::model_info* model;    ///< the shape table it refers to

    /// The model's operation name, e.g. "ListPhoneNumbers".
    constexpr std::string_view name() const noexcept { return info->name; }
    /// The `smithy.api#http` method.
    constexpr std::string_view method() const noexcept { return info->method; }
    /// The `smithy.api#http` uri, labels in braces.
    constexpr std::string_view uri() const noexcept { return info->uri; }
    /// The `smithy.api#http` success code (200, 201, 202 or 204).
    constexpr int success_code() const noexcept { return info->code; }
    /// True for the `@paginated` operations (see next_input).
    constexpr bool paginated() const noexcept { return !info->pagination.input_token.empty(); }
    /// The `@deprecated` message, "" when the operation is not deprecated.
    constexpr std::string_view deprecated() const noexcept { return info->deprecated; }

    /// Validates `input` (CLI JSON form; an unknown member or a wrong type is
    /// a validation error naming the member path) and builds the unsigned
    /// request for the configuration's endpoint. May throw std::bad_alloc.
    std::expected<http_request, error> serialize(const boost::json::value& input, const client_config& config,
                                                 const serialize_options& opt = {}) const {
        return detail::rj::serialize(*model, *info, input, config, opt);
    }
    /// As above, against an already resolved endpoint.
    std::expected<http_request, error> serialize(const boost::json::value& input, const endpoint& ep,
                                                 std::string_view app_id, const serialize_options& opt = {}) const {
        return detail::rj::serialize(*model, *info, input, ep, app_id, opt);
    }
    /// Reads a response into the output in the CLI JSON form (model member
    /// names, timestamps as RFC 3339 UTC strings), or the error.
    /// May throw std::bad_alloc.
    std::expected<boost::json::value, error> parse(const http_response_view& r,
                                                   const response_parse_options& opt = {}) const {
        return detail::rj::parse(*model, *info, r, opt);
    }
    /// Pagination as a value: the input for the next page, or std::nullopt
    /// when `output` was the last page (or the operation is not paginated).
    std::optional<boost::json::value> next_input(const boost::json::value& input,
                                                 const boost::json::value& output) const {
        const auto& pg = info->pagination;
        if (pg.input_token.empty() || !output.is_object()) return std::nullopt;
        const auto* tok = output.get_object().if_contains(boost::json::string_view(pg.output_token.data(), pg.output_token.size()));
        if (!tok || !tok->is_string() || tok->get_string().empty()) return std::nullopt;
        boost::json::object next = input.is_object() ? input.get_object() : boost::json::object();
        const boost::json::string_view key(pg.input_token.data(), pg.input_token.size());
        if (const auto* old = next.if_contains(key); old && *old == *tok) return std::nullopt;
        next[key] = *tok;
        return boost::json::value(std::move(next));
    }
};
""".rstrip("\n").split("\n") + [""]


def umbrella(ops):
    L = [HEADER_TOP.format(path="chime_voice/operations.hpp", what="every operation of Chime SDK Voice").rstrip(),
         "//", "// Includes each operation's header and the registry. A program that calls",
         "// a few operations includes only their headers; see docs/operations.md.",
         "#ifndef CHIME_VOICE_OPERATIONS_HPP", "#define CHIME_VOICE_OPERATIONS_HPP", "",
         "#include <chime_voice/batch_delete_phone_number.hpp>", "#include <chime_voice/operations/registry.hpp>"]
    for op in ops:
        if local(op) in HANDWRITTEN_OPS:
            continue
        L.append("#include <chime_voice/operations/%s.hpp>" % snake(local(op)))
    L += ["", "#endif", ""]
    return "\n".join(L)


def operation_rows(model, ops):
    """The operations table (docs/operations.md and README): a header and one row per operation."""
    L = ["| operation | method and path | paginated | JS-SDK check (inputs / outputs / errors) |",
         "| --- | --- | --- | --- |"]
    for op in ops:
        o = model.shapes[op]
        h = o["traits"]["smithy.api#http"]
        dep = " (deprecated)" if "smithy.api#deprecated" in o["traits"] else ""
        L.append("| %s%s | `%s %s` | %s | 5 / 3 / %d |" % (local(op), dep, h["method"], h["uri"],
                                                       "yes" if "smithy.api#paginated" in o["traits"] else "no",
                                                       len(o.get("errors", []))))
    return L


def docs_table(model, ops):
    L = ["# Operations", "",
         "Generated by `tools/gen_operations.py` from the Smithy model; do not edit.", "",
         "Every operation has a header `include/chime_voice/operations/<name>.hpp`",
         "(BatchDeletePhoneNumber: the hand-written `include/chime_voice/batch_delete_phone_number.hpp`)",
         "with its request and response structures, `serialize_request` and",
         "`parse_<name>_response`; `include/chime_voice/operations.hpp` includes them all.",
         "The registry (`include/chime_voice/operations/registry.hpp`, `find_operation(name)`)",
         "serializes and parses every operation in the AWS CLI `--cli-input-json` form.", "",
         "Validation before anything is sent: `@required`, `@length` (strings in Unicode",
         "scalar values, lists and maps in elements), `@range`, JSON types, UTF-8, unknown",
         "members, empty path labels. Not checked: `@pattern` and enum values (the AWS SDKs",
         "do not check them either, enum sets grow; the service answers BadRequestException).",
         "Responses: any 2xx is success, unknown members are ignored, null members are",
         "absent, a missing `@required` member gets its zero value (Smithy 2.0 client error",
         "correction), enum values not in the model are kept as sent.", "",
         "The JS-SDK column counts the cases `conformance_ops_js` checks against the AWS SDK",
         "for JavaScript v3 (`@aws-sdk/client-chime-sdk-voice`): request inputs / success",
         "outputs / modelled errors (see tests/conformance/OPERATIONS.md).", ""]
    L += operation_rows(model, ops)
    L.append("")
    return "\n".join(L)


README_BEGIN = "<!-- operations table: generated by tools/gen_operations.py, do not edit -->"
README_END = "<!-- end of the operations table -->"


def readme_with_table(root, model, ops):
    """README.md with the text between its two markers replaced by the operations table."""
    path = os.path.join(root, "README.md")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    b, e = text.find(README_BEGIN), text.find(README_END)
    if b < 0 or e < b:
        raise SystemExit("README.md lacks the operations-table markers:\n  %s\n  %s" % (README_BEGIN, README_END))
    body = "\n".join([README_BEGIN, ""] + operation_rows(model, ops) + ["", ""])
    return text[:b] + body + text[e:]


# -------------------------------------------------------- protocol-test model

def gen_protocol_tests(shapes_path, out_path):
    model = Model(shapes_path)
    all_ops = sorted(k for k, v in model.shapes.items() if v["type"] == "operation")
    ops, skipped = [], {}
    for op in all_ops:
        o = model.shapes[op]
        why = None
        for t in [o.get("input", {}).get("target"), o.get("output", {}).get("target")] + [e["target"] for e in o.get("errors", [])]:
            if t:
                why = why or unsupported(model, t)
        if why:
            skipped[local(op)] = why
        else:
            ops.append(op)
    fix_greedy(model, ops)
    tables, _ = emit_tables(model, ops, "restjson_model", set())
    L = ["// tests/generated/restjson1_model.hpp — the restJson1 protocol-test model",
         "// (testdata/restjson1/shapes.json) as tables for detail/rest_json.hpp.",
         "//", "// GENERATED by tools/gen_operations.py protocol-tests; do not edit.",
         "#ifndef CHIME_VOICE_TESTS_RESTJSON1_MODEL_HPP", "#define CHIME_VOICE_TESTS_RESTJSON1_MODEL_HPP", "",
         "#include <chime_voice/detail/rest_json.hpp>", "", "#include <array>", "#include <string_view>", "#include <utility>", "",
         "namespace chime_voice::detail::restjson_model {", "",
         "using rj::binding;", "using rj::member_info;", "using rj::model_info;", "using rj::operation_info;",
         "using rj::shape_info;", "using rj::shape_kind;", "using rj::ts_format;", ""]
    L += tables
    L.append("")
    L.append("/// The operations of the protocol-test model the engine supports.")
    L.append("inline constexpr std::array<const operation_info*, %d> operations{{%s}};" % (
        len(ops), ", ".join("&op_%s" % local(o) for o in ops)))
    L.append("/// Operations left out, with the feature the engine lacks.")
    L.append("inline constexpr std::array<std::pair<std::string_view, std::string_view>, %d> unsupported{{%s}};" % (
        len(skipped), ", ".join("{%s, %s}" % (cpp_str(k), cpp_str(v)) for k, v in sorted(skipped.items()))))
    L += ["", "} // namespace chime_voice::detail::restjson_model", "", "#endif", ""]
    return {out_path: "\n".join(L)}


SPDX_LINE = "// SPDX-License-Identifier: BSL-1.0\n"


def finish(files, check, root=""):
    stale = []
    for rel, content in sorted(files.items()):
        if rel.endswith(".hpp") and not content.startswith(SPDX_LINE):
            content = SPDX_LINE + content  # the project's licence line (tools/spdx.py checks every file)
        path = os.path.join(root, rel) if root else rel
        old = None
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                old = f.read()
        if old == content:
            continue
        if check:
            stale.append(rel)
            continue
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(content)
    if check:
        if root:
            gen_dir = os.path.join(root, "include/chime_voice/operations")
            known = {os.path.basename(p) for p in files if p.startswith("include/chime_voice/operations/")}
            for f in sorted(os.listdir(gen_dir)) if os.path.isdir(gen_dir) else []:
                if f not in known:
                    stale.append("include/chime_voice/operations/" + f + " (not generated)")
        for s in stale:
            print("stale: " + s)
        if stale:
            print("run the generate_operations target (tools/gen_operations.py) and commit the result")
            return 1
        print("%d generated files are current" % len(files))
    return 0


def main(argv):
    check = "--check" in argv
    args = [a for a in argv[1:] if a != "--check"]
    if len(args) == 3 and args[0] == "service":
        files = gen_service(args[1], args[2])
        return finish(files, check, args[2])
    if len(args) == 3 and args[0] == "protocol-tests":
        files = gen_protocol_tests(args[1], args[2])
        return finish(files, check)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
