// SPDX-License-Identifier: BSL-1.0
// examples/local/service.hpp — chime-voice-local: the in-memory Chime SDK
// Voice service behind the HTTP front (issue 16, the phone-number lifecycle).
//
// Which operation a request is comes from the library's generated model
// tables (chime_voice::operations: the smithy.api#http method, uri and
// success code of all 96 operations); the request bodies are read here with
// Boost.JSON (the library is a client: it serializes inputs and parses
// outputs, never the other way round). Implemented:
//   SearchAvailablePhoneNumbers, CreatePhoneNumberOrder, GetPhoneNumberOrder,
//   ListPhoneNumbers, GetPhoneNumber, UpdatePhoneNumber, BatchUpdatePhoneNumber,
//   DeletePhoneNumber, BatchDeletePhoneNumber, RestorePhoneNumber,
//   CreateVoiceConnector, GetVoiceConnector, DeleteVoiceConnector,
//   AssociatePhoneNumbersWithVoiceConnector, DisassociatePhoneNumbersFromVoiceConnector.
// Every other operation of the model answers 400 BadRequestException
// ("operation X is not implemented by chime-voice-local"): BadRequestException
// is the one error every operation of the model declares.
#ifndef CHIME_VOICE_EXAMPLES_LOCAL_SERVICE_HPP
#define CHIME_VOICE_EXAMPLES_LOCAL_SERVICE_HPP

#include "common.hpp"

#include <chime_voice/credentials.hpp>
#include <chime_voice/http.hpp>
#include <chime_voice/operations/registry.hpp>
#include <chime_voice/sigv4.hpp>

#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace chime_local {

// ---------------------------------------------------------------- inventory

struct association {
    std::string name;  // VoiceConnectorId, VoiceConnectorGroupId, SipRuleId (UserId in old seeds)
    std::string value;
    std::string associated; // AssociatedTimestamp
};

struct phone_number {
    std::string id;
    std::string e164;
    std::string country = "US";
    std::string type = "Local";
    std::string product_type = "VoiceConnector";
    std::string status = "Unassigned";
    std::string calling_name;
    std::string calling_name_status;
    std::string name;
    std::string order_id;
    std::vector<association> associations;
    std::string created;
    std::string updated;
    std::string deletion; // "" until queued for deletion
    std::optional<std::chrono::sys_seconds> purge_at; // when it leaves the deletion queue for good
};

struct voice_connector {
    std::string id;
    std::string name;
    std::string aws_region = "us-east-1";
    bool require_encryption = false;
    std::string integration_type;
    std::string network_type;
    std::string created;
    std::string updated;
};

struct phone_number_order {
    std::string id;
    std::string product_type;
    std::string name;
    std::string status = "Processing";
    std::vector<std::pair<std::string, std::string>> numbers; // E.164, OrderedPhoneNumberStatus
    std::string created;
    std::string updated;
    std::chrono::sys_seconds created_at{};
};

struct inventory {
    std::map<std::string, phone_number> numbers;
    std::map<std::string, voice_connector> connectors;
    std::map<std::string, phone_number_order> orders;
};

inline json::object to_json(const phone_number& p) {
    json::object o;
    o["PhoneNumberId"] = p.id;
    o["E164PhoneNumber"] = p.e164;
    o["Country"] = p.country;
    o["Type"] = p.type;
    o["ProductType"] = p.product_type;
    o["Status"] = p.status;
    json::object caps;
    caps["InboundCall"] = true;
    caps["OutboundCall"] = true;
    caps["InboundSMS"] = false;
    caps["OutboundSMS"] = false;
    caps["InboundMMS"] = false;
    caps["OutboundMMS"] = false;
    o["Capabilities"] = std::move(caps);
    json::array assoc;
    for (const auto& a : p.associations) {
        json::object x;
        x["Name"] = a.name;
        x["Value"] = a.value;
        x["AssociatedTimestamp"] = a.associated.empty() ? p.created : a.associated;
        assoc.push_back(std::move(x));
    }
    o["Associations"] = std::move(assoc);
    if (!p.calling_name.empty()) o["CallingName"] = p.calling_name;
    if (!p.calling_name_status.empty()) o["CallingNameStatus"] = p.calling_name_status;
    if (!p.name.empty()) o["Name"] = p.name;
    if (!p.order_id.empty()) o["OrderId"] = p.order_id;
    o["CreatedTimestamp"] = p.created;
    o["UpdatedTimestamp"] = p.updated;
    if (!p.deletion.empty()) o["DeletionTimestamp"] = p.deletion;
    return o;
}

inline json::object to_json(const voice_connector& v) {
    json::object o;
    o["VoiceConnectorId"] = v.id;
    o["AwsRegion"] = v.aws_region;
    o["Name"] = v.name;
    o["OutboundHostName"] = v.id + ".voiceconnector.chime.aws";
    o["RequireEncryption"] = v.require_encryption;
    o["CreatedTimestamp"] = v.created;
    o["UpdatedTimestamp"] = v.updated;
    o["VoiceConnectorArn"] = "arn:aws:chime:" + v.aws_region + ":123456789012:vc/" + v.id;
    if (!v.integration_type.empty()) o["IntegrationType"] = v.integration_type;
    if (!v.network_type.empty()) o["NetworkType"] = v.network_type;
    return o;
}

inline json::object to_json(const phone_number_order& ord) {
    json::object o;
    o["PhoneNumberOrderId"] = ord.id;
    o["ProductType"] = ord.product_type;
    o["Status"] = ord.status;
    o["OrderType"] = "New";
    json::array nums;
    for (const auto& [e164, st] : ord.numbers) {
        json::object n;
        n["E164PhoneNumber"] = e164;
        n["Status"] = st;
        nums.push_back(std::move(n));
    }
    o["OrderedPhoneNumbers"] = std::move(nums);
    o["CreatedTimestamp"] = ord.created;
    o["UpdatedTimestamp"] = ord.updated;
    return o;
}

/// Reads the seed file. Accepts {"PhoneNumbers": [...], "VoiceConnectors": [...]}
/// or a bare array of phone numbers.
inline std::optional<inventory> load_seed(const std::string& path, std::chrono::sys_seconds now) {
    inventory out;
    if (path.empty()) return out;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::cerr << "chime-voice-local: cannot read seed file " << path << '\n';
        return std::nullopt;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    boost::system::error_code ec;
    json::value doc = json::parse(ss.str(), ec);
    if (ec) {
        std::cerr << "chime-voice-local: seed file " << path << " is not JSON: " << ec.message() << '\n';
        return std::nullopt;
    }
    const json::array* list = doc.if_array();
    const json::array* vcs = nullptr;
    if (list == nullptr && doc.is_object()) {
        if (auto* v = doc.as_object().if_contains("PhoneNumbers")) list = v->if_array();
        if (auto* v = doc.as_object().if_contains("VoiceConnectors")) {
            vcs = v->if_array();
            if (vcs == nullptr) {
                std::cerr << "chime-voice-local: seed file " << path << ": VoiceConnectors must be a list\n";
                return std::nullopt;
            }
        }
    }
    if (list == nullptr) {
        std::cerr << "chime-voice-local: seed file " << path << ": expected {\"PhoneNumbers\": [...]}\n";
        return std::nullopt;
    }
    const std::string created = iso8601(now);
    std::size_t index = 0;
    for (const auto& item : *list) {
        ++index;
        const json::object* o = item.if_object();
        std::optional<std::string> id = o ? string_member(*o, "PhoneNumberId") : std::nullopt;
        if (!id || id->empty()) {
            std::cerr << "chime-voice-local: seed entry " << index << " has no PhoneNumberId\n";
            return std::nullopt;
        }
        phone_number p;
        p.id = *id;
        p.e164 = string_member(*o, "E164PhoneNumber").value_or(*id);
        if (auto v = string_member(*o, "Country")) p.country = *v;
        if (auto v = string_member(*o, "Type")) p.type = *v;
        if (auto v = string_member(*o, "ProductType")) p.product_type = *v;
        if (auto v = string_member(*o, "Status")) p.status = *v;
        if (auto v = string_member(*o, "CallingName")) p.calling_name = *v;
        if (auto v = string_member(*o, "Name")) p.name = *v;
        if (auto* a = o->if_contains("Associations"); a && a->is_array()) {
            for (const auto& x : a->as_array()) {
                const json::object* xo = x.if_object();
                auto name = xo ? string_member(*xo, "Name") : std::nullopt;
                auto value = xo ? string_member(*xo, "Value") : std::nullopt;
                if (!name || !value) {
                    std::cerr << "chime-voice-local: seed entry " << index << ": bad association\n";
                    return std::nullopt;
                }
                p.associations.push_back({*name, *value, created});
            }
        }
        p.created = p.updated = created;
        out.numbers[p.id] = std::move(p);
    }
    index = 0;
    if (vcs != nullptr) {
        for (const auto& item : *vcs) {
            ++index;
            const json::object* o = item.if_object();
            std::optional<std::string> id = o ? string_member(*o, "VoiceConnectorId") : std::nullopt;
            if (!id || id->empty()) {
                std::cerr << "chime-voice-local: seed voice connector " << index << " has no VoiceConnectorId\n";
                return std::nullopt;
            }
            voice_connector v;
            v.id = *id;
            v.name = string_member(*o, "Name").value_or(*id);
            if (auto x = string_member(*o, "AwsRegion")) v.aws_region = *x;
            if (auto* b = o->if_contains("RequireEncryption"); b && b->is_bool()) v.require_encryption = b->as_bool();
            v.created = v.updated = created;
            out.connectors[v.id] = std::move(v);
        }
    }
    return out;
}

// ---------------------------------------------------------------- routing

/// A request matched against the model's smithy.api#http traits.
struct route {
    const chime_voice::operation_descriptor* op = nullptr;
    std::map<std::string, std::string, std::less<>> labels; // decoded path labels
};

/// Finds the operation whose method, path template and literal query
/// parameters match; a template with literal query parameters wins over one
/// without (POST /phone-numbers/{id}?operation=restore over POST /phone-numbers/{id}).
inline route match_route(std::string_view method, std::string_view path,
                         const std::vector<std::pair<std::string, std::string>>& query) {
    route best;
    int best_score = -1;
    auto split = [](std::string_view s) {
        std::vector<std::string_view> parts;
        if (s.starts_with('/')) s.remove_prefix(1);
        while (true) {
            const auto slash = s.find('/');
            parts.push_back(s.substr(0, slash));
            if (slash == std::string_view::npos) break;
            s.remove_prefix(slash + 1);
        }
        return parts;
    };
    const auto segs = split(path);
    for (const auto& op : chime_voice::operations) {
        if (op.method() != method) continue;
        std::string_view uri = op.uri();
        const auto qpos = uri.find('?');
        const auto tsegs = split(uri.substr(0, qpos));
        if (tsegs.size() != segs.size()) continue;
        route r;
        r.op = &op;
        bool ok = true;
        int literals = 0;
        for (std::size_t i = 0; i < segs.size() && ok; ++i) {
            const auto t = tsegs[i];
            if (t.size() > 2 && t.front() == '{' && t.back() == '}') {
                if (segs[i].empty()) ok = false;
                else r.labels.emplace(std::string(t.substr(1, t.size() - 2)), percent_decode(segs[i]));
            } else if (t == segs[i]) {
                ++literals;
            } else {
                ok = false;
            }
        }
        int query_literals = 0;
        if (ok && qpos != std::string_view::npos) {
            for (const auto& [k, v] : parse_query(uri.substr(qpos + 1))) {
                const bool present = std::any_of(query.begin(), query.end(), [&](const auto& kv) {
                    return kv.first == k && kv.second == v;
                });
                if (!present) ok = false;
                ++query_literals;
            }
        }
        if (!ok) continue;
        const int score = query_literals * 1000 + literals;
        if (score > best_score) {
            best_score = score;
            best = std::move(r);
        }
    }
    return best;
}

// ---------------------------------------------------------------- the service

class service {
public:
    using request = http::request<http::string_body>;

    service(options o, inventory inv) : opt_(std::move(o)), inv_(std::move(inv)) {
        creds_ = chime_voice::credentials(opt_.access_key_id, opt_.secret_access_key);
        opt_.secret_access_key.clear(); // one copy of the secret: the one in creds_
        std::random_device rd;
        id_state_ = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
    }

    std::chrono::sys_seconds now() const {
        return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) +
               std::chrono::seconds(opt_.clock_skew);
    }

    std::uint64_t requests_seen() const { return requests_; }
    /// Counts a request the HTTP front refused before handle() (malformed HTTP, 503 at the cap).
    void count_refused() { ++requests_; }
    bool limit_reached() const { return opt_.max_requests != 0 && requests_ >= opt_.max_requests; }

    /// A UUID-looking id, for request ids and order ids.
    std::string next_uuid() {
        std::uint64_t a = mix(id_state_++), b = mix(id_state_++);
        char buf[64];
        std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                      static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xfff),
                      static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3fff)),
                      static_cast<unsigned long long>(b & 0xffffffffffffULL));
        return buf;
    }
    std::string next_request_id() { return next_uuid(); }

    reply handle(const request& req) {
        ++requests_;
        std::string_view target(req.target().data(), req.target().size());
        std::string_view path = target.substr(0, target.find('?'));
        std::string_view query = path.size() < target.size() ? target.substr(path.size() + 1) : std::string_view{};
        const auto params = parse_query(query);
        const std::string_view method(req.method_string().data(), req.method_string().size());
        const route rt = match_route(method, path, params);
        const std::string_view op = rt.op ? rt.op->name() : std::string_view{};
        reply r = dispatch(req, rt, op, path, query, params);
        r.operation = std::string(op);
        return r;
    }

private:
    static std::uint64_t mix(std::uint64_t z) { // splitmix64
        z += 0x9e3779b97f4a7c15ULL;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    reply dispatch(const request& req, const route& rt, std::string_view op, std::string_view path,
                   std::string_view query, const std::vector<std::pair<std::string, std::string>>& params) {
        const bool is_batch_delete = op == "BatchDeletePhoneNumber";
        if (is_batch_delete) {
            // Faults that happen in front of the service, before authentication.
            if (closes_done_ < opt_.close_first) {
                ++closes_done_;
                reply r;
                r.drop_connection = true;
                return r;
            }
            if (fails_done_ < opt_.fail_503) {
                ++fails_done_;
                return service_error(http::status::service_unavailable, "ServiceUnavailableException",
                                     "ServiceUnavailable", "Service is currently unavailable. Try again later.");
            }
        }
        const bool unsigned_ok = op == "GetPhoneNumber" && opt_.allow_unsigned_get &&
                                 req.find(http::field::authorization) == req.end();
        if (!unsigned_ok) {
            if (auto denied = authenticate(req, path, query)) return *denied;
        }
        if (is_batch_delete) {
            const std::uint64_t k = ++signed_batch_deletes_;
            if (k <= opt_.throttle_first || (opt_.throttle_every != 0 && (k - 1) % opt_.throttle_every == 0))
                return service_error(http::status::too_many_requests, "ThrottledClientException", "Throttled",
                                     "Rate exceeded");
        }
        if (rt.op == nullptr)
            return service_error(http::status::not_found, "UnknownOperationException", "NotFound",
                                 "No operation matches this request");

        const auto t = now();
        settle(t);
        auto label = [&](std::string_view name) {
            auto it = rt.labels.find(name);
            return it == rt.labels.end() ? std::string() : it->second;
        };
        auto q = [&](std::string_view name) -> std::optional<std::string> {
            for (const auto& [k, v] : params)
                if (k == name) return v;
            return std::nullopt;
        };
        std::optional<json::object> body;
        auto need_body = [&]() -> std::optional<reply> {
            boost::system::error_code ec;
            json::value doc = json::parse(req.body().empty() ? std::string_view("{}") : std::string_view(req.body()), ec);
            if (ec || !doc.is_object()) return bad_request("The request body is not a valid JSON object.");
            body = std::move(doc.as_object());
            return std::nullopt;
        };

        reply r;
        if (op == "BatchDeletePhoneNumber") {
            if (auto e = need_body()) return *e;
            r = batch_delete(*body, t);
        } else if (op == "GetPhoneNumber") {
            r = get_phone_number(label("PhoneNumberId"));
        } else if (op == "ListPhoneNumbers") {
            r = list_phone_numbers(q("status"), q("product-type"), q("filter-name"), q("filter-value"),
                                   q("max-results"), q("next-token"));
        } else if (op == "SearchAvailablePhoneNumbers") {
            r = search(q("area-code"), q("country"), q("toll-free-prefix"), q("phone-number-type"), q("max-results"));
        } else if (op == "CreatePhoneNumberOrder") {
            if (auto e = need_body()) return *e;
            r = create_order(*body, t);
        } else if (op == "GetPhoneNumberOrder") {
            r = get_order(label("PhoneNumberOrderId"), t);
        } else if (op == "UpdatePhoneNumber") {
            if (auto e = need_body()) return *e;
            r = update_phone_number(label("PhoneNumberId"), *body, t);
        } else if (op == "BatchUpdatePhoneNumber") {
            if (auto e = need_body()) return *e;
            r = batch_update(*body, t);
        } else if (op == "DeletePhoneNumber") {
            r = delete_phone_number(label("PhoneNumberId"), t);
        } else if (op == "RestorePhoneNumber") {
            r = restore_phone_number(label("PhoneNumberId"), t);
        } else if (op == "CreateVoiceConnector") {
            if (auto e = need_body()) return *e;
            r = create_voice_connector(*body, t);
        } else if (op == "GetVoiceConnector") {
            r = get_voice_connector(label("VoiceConnectorId"));
        } else if (op == "DeleteVoiceConnector") {
            r = delete_voice_connector(label("VoiceConnectorId"));
        } else if (op == "AssociatePhoneNumbersWithVoiceConnector") {
            if (auto e = need_body()) return *e;
            r = associate(label("VoiceConnectorId"), *body, t);
        } else if (op == "DisassociatePhoneNumbersFromVoiceConnector") {
            if (auto e = need_body()) return *e;
            r = disassociate(label("VoiceConnectorId"), *body, t);
        } else {
            return bad_request("operation " + std::string(op) + " is not implemented by chime-voice-local");
        }
        // Success replies carry the model's smithy.api#http code (200, 201, 204).
        if (r.error_type.empty()) r.status = static_cast<http::status>(rt.op->success_code());
        return r;
    }

    std::optional<reply> authenticate(const request& req, std::string_view path, std::string_view query) {
        chime_voice::http_request r;
        r.method = std::string(req.method_string());
        r.scheme = "http";
        if (auto h = req.find(http::field::host); h != req.end()) r.host = std::string(h->value());
        r.path = std::string(path);
        r.query = std::string(query);
        for (const auto& f : req) r.headers.push_back({std::string(f.name_string()), std::string(f.value())});
        r.body = req.body();

        chime_voice::sigv4::verify_options vo;
        vo.region = opt_.region;
        vo.service = "chime"; // the model's aws.auth#sigv4 name, not the "voice-chime" host prefix
        auto ok = chime_voice::sigv4::verify(r, creds_, now(), vo);
        if (ok) return std::nullopt;
        using chime_voice::sigv4::verify_failure;
        switch (ok.error().failure) {
        case verify_failure::missing_authorization:
            return auth_error("MissingAuthenticationTokenException", "Missing Authentication Token");
        case verify_failure::wrong_access_key:
            return auth_error("UnrecognizedClientException", "The security token included in the request is invalid.");
        default:
            return auth_error("InvalidSignatureException", ok.error().message);
        }
    }

    /// Time passes: orders older than --order-delay complete, numbers whose
    /// deletion window is over leave the inventory.
    void settle(std::chrono::sys_seconds t) {
        for (auto& [id, ord] : inv_.orders)
            if (ord.status == "Processing" && t - ord.created_at >= std::chrono::seconds(opt_.order_delay))
                complete_order(ord, t);
        for (auto it = inv_.numbers.begin(); it != inv_.numbers.end();) {
            if (it->second.purge_at && *it->second.purge_at <= t) it = inv_.numbers.erase(it);
            else ++it;
        }
    }

    phone_number* find_number(std::string_view id_or_e164) {
        if (auto it = inv_.numbers.find(std::string(id_or_e164)); it != inv_.numbers.end()) return &it->second;
        for (auto& [id, p] : inv_.numbers)
            if (p.e164 == id_or_e164) return &p;
        return nullptr;
    }

    static bool valid_e164(std::string_view s) {
        if (s.size() < 3 || s.size() > 16 || s[0] != '+' || s[1] < '1' || s[1] > '9') return false;
        return std::all_of(s.begin() + 1, s.end(), [](char c) { return c >= '0' && c <= '9'; });
    }
    static bool valid_product_type(std::string_view s) {
        return s == "VoiceConnector" || s == "SipMediaApplicationDialIn";
    }

    /// A required list of non-empty strings, with the validation message the service sends.
    static std::optional<reply> string_list(const json::object& body, std::string_view member, std::string_view wire,
                                            std::vector<std::string>& out) {
        const json::value* v = body.if_contains(member);
        if (v == nullptr || v->is_null())
            return bad_request("1 validation error detected: Value null at '" + std::string(wire) +
                               "' failed to satisfy constraint: Member must not be null");
        if (!v->is_array()) return bad_request(std::string(member) + " must be a list of strings.");
        if (v->as_array().empty())
            return bad_request("1 validation error detected: Value '[]' at '" + std::string(wire) +
                               "' failed to satisfy constraint: Member must have length greater than or equal to 1");
        for (const auto& x : v->as_array()) {
            if (!x.is_string() || x.as_string().empty())
                return bad_request(std::string(member) + " must contain only non-empty strings.");
            out.emplace_back(x.as_string());
        }
        return std::nullopt;
    }

    static void add_error(json::array& errors, std::string_view id, std::string_view code, std::string_view msg) {
        json::object e;
        e["PhoneNumberId"] = id;
        e["ErrorCode"] = code;
        e["ErrorMessage"] = msg;
        errors.push_back(std::move(e));
    }

    static reply errors_reply(json::array errors) {
        json::object o;
        o["PhoneNumberErrors"] = std::move(errors);
        return json_reply(std::move(o));
    }

    /// Puts a number into the deletion queue (DeleteInProgress, DeletionTimestamp).
    void queue_for_deletion(phone_number& p, std::chrono::sys_seconds t) {
        if (p.status == "DeleteInProgress") return; // already queued: nothing to do
        p.status = "DeleteInProgress";
        p.updated = iso8601(t);
        p.deletion = iso8601(t + std::chrono::seconds(opt_.deletion_window));
        p.purge_at = t + std::chrono::seconds(opt_.deletion_window);
    }

    reply batch_delete(const json::object& body, std::chrono::sys_seconds t) {
        std::vector<std::string> ids;
        if (auto e = string_list(body, "PhoneNumberIds", "phoneNumberIds", ids)) return *e;
        json::array errors;
        for (const auto& id : ids) {
            auto it = inv_.numbers.find(id);
            if (it == inv_.numbers.end()) {
                add_error(errors, id, "NotFound", "Phone number not found.");
                continue;
            }
            phone_number& p = it->second;
            if (!p.associations.empty()) {
                add_error(errors, id, "PhoneNumberAssociationsExist",
                          "Phone number is associated with a user or a Voice Connector. Disassociate it "
                          "before deleting it.");
                continue;
            }
            queue_for_deletion(p, t);
        }
        return errors_reply(std::move(errors));
    }

    reply delete_phone_number(const std::string& id, std::chrono::sys_seconds t) {
        auto it = inv_.numbers.find(id);
        if (it == inv_.numbers.end()) return not_found("The requested phone number was not found.");
        if (!it->second.associations.empty())
            return bad_request("Phone number is associated with a user or a Voice Connector. Disassociate it "
                               "before deleting it.");
        queue_for_deletion(it->second, t);
        return reply{};
    }

    reply restore_phone_number(const std::string& id, std::chrono::sys_seconds t) {
        auto it = inv_.numbers.find(id);
        if (it == inv_.numbers.end()) return not_found("The requested phone number was not found.");
        phone_number& p = it->second;
        if (p.status != "DeleteInProgress")
            return bad_request("The phone number is not in the deletion queue; only deleted numbers can be restored.");
        p.status = p.associations.empty() ? "Unassigned" : "Assigned";
        p.deletion.clear();
        p.purge_at.reset();
        p.updated = iso8601(t);
        json::object o;
        o["PhoneNumber"] = to_json(p);
        return json_reply(std::move(o));
    }

    reply get_phone_number(const std::string& id) {
        auto it = inv_.numbers.find(id);
        if (it == inv_.numbers.end()) return not_found("The requested phone number was not found.");
        json::object o;
        o["PhoneNumber"] = to_json(it->second);
        return json_reply(std::move(o));
    }

    template <class T>
    static std::optional<T> number_param(const std::optional<std::string>& s) {
        if (!s) return std::nullopt;
        T v{};
        auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
        if (ec != std::errc{} || p != s->data() + s->size()) return std::nullopt;
        return v;
    }

    reply list_phone_numbers(const std::optional<std::string>& status, const std::optional<std::string>& product,
                             const std::optional<std::string>& filter_name,
                             const std::optional<std::string>& filter_value,
                             const std::optional<std::string>& max_results, const std::optional<std::string>& token) {
        if (product && !valid_product_type(*product))
            return bad_request("Invalid product-type '" + *product + "': expected VoiceConnector or "
                               "SipMediaApplicationDialIn.");
        if (filter_name && *filter_name != "VoiceConnectorId" && *filter_name != "VoiceConnectorGroupId" &&
            *filter_name != "SipRuleId")
            return bad_request("Invalid filter-name '" + *filter_name + "': expected VoiceConnectorId, "
                               "VoiceConnectorGroupId or SipRuleId.");
        if (filter_name.has_value() != filter_value.has_value())
            return bad_request("filter-name and filter-value must be given together.");
        std::size_t limit = 100;
        if (max_results) {
            auto m = number_param<std::size_t>(max_results);
            if (!m || *m < 1 || *m > 100)
                return bad_request("1 validation error detected: Value at 'maxResults' failed to satisfy "
                                   "constraint: Member must have value between 1 and 100");
            limit = *m;
        }
        // The token is the id the next page starts at, hex-encoded (opaque to clients).
        std::string start;
        if (token) {
            if (token->size() % 2 != 0) return bad_request("Invalid next-token.");
            for (std::size_t i = 0; i < token->size(); i += 2) {
                unsigned v = 0;
                auto [p, ec] = std::from_chars(token->data() + i, token->data() + i + 2, v, 16);
                if (ec != std::errc{} || p != token->data() + i + 2) return bad_request("Invalid next-token.");
                start.push_back(static_cast<char>(v));
            }
        }
        json::array out;
        std::string next;
        for (auto it = inv_.numbers.lower_bound(start); it != inv_.numbers.end(); ++it) {
            const phone_number& p = it->second;
            if (status && p.status != *status) continue;
            if (product && p.product_type != *product) continue;
            if (filter_name) {
                const bool hit = std::any_of(p.associations.begin(), p.associations.end(), [&](const association& a) {
                    return a.name == *filter_name && a.value == *filter_value;
                });
                if (!hit) continue;
            }
            if (out.size() == limit) {
                static constexpr char hex[] = "0123456789abcdef";
                for (unsigned char c : p.id) {
                    next.push_back(hex[c >> 4]);
                    next.push_back(hex[c & 15]);
                }
                break;
            }
            out.push_back(to_json(p));
        }
        json::object o;
        o["PhoneNumbers"] = std::move(out);
        if (!next.empty()) o["NextToken"] = next;
        return json_reply(std::move(o));
    }

    static bool toll_free_prefix(std::string_view p) {
        return p == "800" || p == "833" || p == "844" || p == "855" || p == "866" || p == "877" || p == "888";
    }

    bool taken(const std::string& e164) const {
        if (inv_.numbers.contains(e164)) return true;
        for (const auto& [id, p] : inv_.numbers)
            if (p.e164 == e164) return true;
        for (const auto& [id, ord] : inv_.orders)
            if (ord.status == "Processing")
                for (const auto& n : ord.numbers)
                    if (n.first == e164) return true;
        return false;
    }

    /// SearchAvailablePhoneNumbers: US numbers +1 <area code or toll-free prefix> 555 02xx..., free ones only.
    reply search(const std::optional<std::string>& area_code, const std::optional<std::string>& country,
                 const std::optional<std::string>& toll_free, const std::optional<std::string>& type,
                 const std::optional<std::string>& max_results) {
        auto three_digits = [](const std::string& s) {
            return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
        };
        if (country && *country != "US")
            return bad_request("chime-voice-local has numbers in country US only, not '" + *country + "'.");
        if (type && *type != "Local" && *type != "TollFree")
            return bad_request("Invalid phone-number-type '" + *type + "': expected Local or TollFree.");
        if (area_code && !three_digits(*area_code)) return bad_request("Invalid area-code: expected three digits.");
        if (toll_free && (!three_digits(*toll_free) || !toll_free_prefix(*toll_free)))
            return bad_request("Invalid toll-free-prefix: expected one of 800, 833, 844, 855, 866, 877, 888.");
        if (area_code && toll_free) return bad_request("Give either area-code or toll-free-prefix, not both.");
        std::size_t limit = 8;
        if (max_results) {
            auto m = number_param<std::size_t>(max_results);
            if (!m || *m < 1 || *m > 500)
                return bad_request("1 validation error detected: Value at 'maxResults' failed to satisfy "
                                   "constraint: Member must have value between 1 and 500");
            limit = *m;
        }
        const bool tf = toll_free.has_value() || (type && *type == "TollFree");
        const std::string prefix = toll_free ? *toll_free : tf ? std::string("800") : area_code.value_or("206");
        json::array out;
        for (int n = 200; n < 10000 && out.size() < limit; ++n) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "+1%s555%04d", prefix.c_str(), n);
            if (!taken(buf)) out.emplace_back(buf);
        }
        json::object o;
        o["E164PhoneNumbers"] = std::move(out);
        return json_reply(std::move(o));
    }

    reply create_order(const json::object& body, std::chrono::sys_seconds t) {
        auto product = string_member(body, "ProductType");
        if (!product)
            return bad_request("1 validation error detected: Value null at 'productType' failed to satisfy "
                               "constraint: Member must not be null");
        if (!valid_product_type(*product))
            return bad_request("Invalid ProductType '" + *product + "': expected VoiceConnector or "
                               "SipMediaApplicationDialIn.");
        std::vector<std::string> numbers;
        if (auto e = string_list(body, "E164PhoneNumbers", "e164PhoneNumbers", numbers)) return *e;
        for (const auto& n : numbers)
            if (!valid_e164(n)) return bad_request("Invalid E.164 phone number in E164PhoneNumbers.");
        phone_number_order ord;
        ord.id = next_uuid();
        ord.product_type = *product;
        ord.name = string_member(body, "Name").value_or("");
        for (const auto& n : numbers) ord.numbers.emplace_back(n, "Processing");
        ord.created = ord.updated = iso8601(t);
        ord.created_at = t;
        json::object o;
        o["PhoneNumberOrder"] = to_json(ord);
        inv_.orders[ord.id] = std::move(ord);
        return json_reply(std::move(o));
    }

    /// The numbers of the order join the inventory (Unassigned); ones taken meanwhile fail.
    void complete_order(phone_number_order& ord, std::chrono::sys_seconds t) {
        std::size_t acquired = 0;
        ord.status = "Complete"; // (not "Processing", so taken() ignores this order's own numbers)
        for (auto& [e164, st] : ord.numbers) {
            if (taken(e164)) {
                st = "Failed";
                continue;
            }
            phone_number p;
            p.id = p.e164 = e164;
            p.type = e164.size() > 5 && toll_free_prefix(std::string_view(e164).substr(2, 3)) ? "TollFree" : "Local";
            p.product_type = ord.product_type;
            p.name = ord.name;
            p.order_id = ord.id;
            p.created = p.updated = iso8601(t);
            inv_.numbers[p.id] = std::move(p);
            st = "Acquired";
            ++acquired;
        }
        ord.status = acquired == ord.numbers.size() ? "Successful" : acquired == 0 ? "Failed" : "Partial";
        ord.updated = iso8601(t);
    }

    reply get_order(const std::string& id, std::chrono::sys_seconds t) {
        auto it = inv_.orders.find(id);
        if (it == inv_.orders.end()) return not_found("The requested phone number order was not found.");
        // The create answers Processing; the first Get sees the order done (as
        // does any request after --order-delay seconds, through settle()).
        if (it->second.status == "Processing") complete_order(it->second, t);
        json::object o;
        o["PhoneNumberOrder"] = to_json(it->second);
        return json_reply(std::move(o));
    }

    /// Applies an UpdatePhoneNumber body (or a BatchUpdate item); "" when done, else the error message.
    std::string apply_update(phone_number& p, const json::object& item, std::chrono::sys_seconds t) {
        std::optional<std::string> product, calling, name;
        for (const auto& [k, v] : item) {
            if (k == "PhoneNumberId") continue;
            if (!v.is_string()) return std::string(k) + " must be a string.";
            if (k == "ProductType") product = std::string(v.as_string());
            else if (k == "CallingName") calling = std::string(v.as_string());
            else if (k == "Name") name = std::string(v.as_string());
            else return "Unknown member " + std::string(k) + ".";
        }
        if (product && !valid_product_type(*product))
            return "Invalid ProductType '" + *product + "': expected VoiceConnector or SipMediaApplicationDialIn.";
        if (calling && !calling->empty() &&
            (calling->size() < 2 || calling->size() > 15 ||
             !std::all_of(calling->begin(), calling->end(), [](char c) {
                 return c == ' ' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
             })))
            return "Invalid CallingName: 2 to 15 letters, digits or spaces.";
        if (name && name->size() > 256) return "Invalid Name: at most 256 characters.";
        if (p.status == "DeleteInProgress") return "The phone number is in the deletion queue.";
        if (product) p.product_type = *product;
        if (calling) {
            p.calling_name = *calling;
            p.calling_name_status = "UpdateSucceeded";
        }
        if (name) p.name = *name;
        p.updated = iso8601(t);
        return {};
    }

    reply update_phone_number(const std::string& id, const json::object& body, std::chrono::sys_seconds t) {
        auto it = inv_.numbers.find(id);
        if (it == inv_.numbers.end()) return not_found("The requested phone number was not found.");
        if (auto msg = apply_update(it->second, body, t); !msg.empty()) return bad_request(msg);
        json::object o;
        o["PhoneNumber"] = to_json(it->second);
        return json_reply(std::move(o));
    }

    reply batch_update(const json::object& body, std::chrono::sys_seconds t) {
        const json::value* items = body.if_contains("UpdatePhoneNumberRequestItems");
        if (items == nullptr || items->is_null())
            return bad_request("1 validation error detected: Value null at 'updatePhoneNumberRequestItems' failed "
                               "to satisfy constraint: Member must not be null");
        if (!items->is_array() || items->as_array().empty())
            return bad_request("UpdatePhoneNumberRequestItems must be a non-empty list.");
        json::array errors;
        for (const auto& v : items->as_array()) {
            const json::object* item = v.if_object();
            auto id = item ? string_member(*item, "PhoneNumberId") : std::nullopt;
            if (!id || id->empty()) return bad_request("Each UpdatePhoneNumberRequestItem needs a PhoneNumberId.");
            auto it = inv_.numbers.find(*id);
            if (it == inv_.numbers.end()) {
                add_error(errors, *id, "NotFound", "Phone number not found.");
                continue;
            }
            if (auto msg = apply_update(it->second, *item, t); !msg.empty()) add_error(errors, *id, "BadRequest", msg);
        }
        return errors_reply(std::move(errors));
    }

    reply create_voice_connector(const json::object& body, std::chrono::sys_seconds t) {
        auto name = string_member(body, "Name");
        if (!name)
            return bad_request("1 validation error detected: Value null at 'name' failed to satisfy constraint: "
                               "Member must not be null");
        if (name->empty() || name->size() > 256 ||
            !std::all_of(name->begin(), name->end(), [](char c) {
                return c == ' ' || c == '_' || c == '.' || c == '-' || (c >= 'a' && c <= 'z') ||
                       (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            }))
            return bad_request("Invalid Name: 1 to 256 letters, digits, spaces, '_', '.' or '-'.");
        const json::value* enc = body.if_contains("RequireEncryption");
        if (enc == nullptr || !enc->is_bool())
            return bad_request("1 validation error detected: Value null at 'requireEncryption' failed to satisfy "
                               "constraint: Member must not be null");
        voice_connector v;
        static constexpr char alnum[] = "abcdefghijklmnopqrstuvwxyz0123456789";
        do {
            v.id.clear();
            std::uint64_t a = mix(id_state_++), b = mix(id_state_++);
            for (int i = 0; i < 22; ++i) {
                std::uint64_t& src = i < 11 ? a : b;
                v.id.push_back(alnum[src % 36]);
                src /= 36;
            }
        } while (inv_.connectors.contains(v.id));
        v.name = *name;
        v.require_encryption = enc->as_bool();
        if (auto r = string_member(body, "AwsRegion")) v.aws_region = *r;
        if (auto x = string_member(body, "IntegrationType")) v.integration_type = *x;
        if (auto x = string_member(body, "NetworkType")) v.network_type = *x;
        v.created = v.updated = iso8601(t);
        json::object o;
        o["VoiceConnector"] = to_json(v);
        inv_.connectors[v.id] = std::move(v);
        return json_reply(std::move(o));
    }

    reply get_voice_connector(const std::string& id) {
        auto it = inv_.connectors.find(id);
        if (it == inv_.connectors.end()) return not_found("The requested Voice Connector was not found.");
        json::object o;
        o["VoiceConnector"] = to_json(it->second);
        return json_reply(std::move(o));
    }

    reply delete_voice_connector(const std::string& id) {
        auto it = inv_.connectors.find(id);
        if (it == inv_.connectors.end()) return not_found("The requested Voice Connector was not found.");
        for (const auto& [pid, p] : inv_.numbers)
            for (const auto& a : p.associations)
                if (a.name == "VoiceConnectorId" && a.value == id)
                    return service_error(http::status::conflict, "ConflictException", "Conflict",
                                         "The Voice Connector has phone numbers associated with it.");
        inv_.connectors.erase(it);
        return reply{};
    }

    reply associate(const std::string& vc, const json::object& body, std::chrono::sys_seconds t) {
        if (!inv_.connectors.contains(vc)) return not_found("The requested Voice Connector was not found.");
        std::vector<std::string> numbers;
        if (auto e = string_list(body, "E164PhoneNumbers", "e164PhoneNumbers", numbers)) return *e;
        bool force = false;
        if (const json::value* f = body.if_contains("ForceAssociate"); f && !f->is_null()) {
            if (!f->is_bool()) return bad_request("ForceAssociate must be a boolean.");
            force = f->as_bool();
        }
        json::array errors;
        for (const auto& n : numbers) {
            phone_number* p = find_number(n);
            if (p == nullptr) {
                add_error(errors, n, "NotFound", "Phone number not found.");
                continue;
            }
            if (p->status == "DeleteInProgress") {
                add_error(errors, p->id, "BadRequest", "The phone number is in the deletion queue.");
                continue;
            }
            if (p->product_type != "VoiceConnector") {
                add_error(errors, p->id, "BadRequest", "The phone number's product type is not VoiceConnector.");
                continue;
            }
            auto other = std::find_if(p->associations.begin(), p->associations.end(), [&](const association& a) {
                return !(a.name == "VoiceConnectorId" && a.value == vc);
            });
            if (other != p->associations.end() && !force) {
                add_error(errors, p->id, "PhoneNumberAssociationsExist",
                          "The phone number is associated with something else; use ForceAssociate to move it.");
                continue;
            }
            const bool already = std::any_of(p->associations.begin(), p->associations.end(), [&](const association& a) {
                return a.name == "VoiceConnectorId" && a.value == vc;
            });
            if (force) std::erase_if(p->associations, [&](const association& a) {
                return !(a.name == "VoiceConnectorId" && a.value == vc);
            });
            if (!already) p->associations.push_back({"VoiceConnectorId", vc, iso8601(t)});
            p->status = "Assigned";
            p->updated = iso8601(t);
        }
        return errors_reply(std::move(errors));
    }

    reply disassociate(const std::string& vc, const json::object& body, std::chrono::sys_seconds t) {
        if (!inv_.connectors.contains(vc)) return not_found("The requested Voice Connector was not found.");
        std::vector<std::string> numbers;
        if (auto e = string_list(body, "E164PhoneNumbers", "e164PhoneNumbers", numbers)) return *e;
        json::array errors;
        for (const auto& n : numbers) {
            phone_number* p = find_number(n);
            if (p == nullptr) {
                add_error(errors, n, "NotFound", "Phone number not found.");
                continue;
            }
            const auto removed = std::erase_if(p->associations, [&](const association& a) {
                return a.name == "VoiceConnectorId" && a.value == vc;
            });
            if (removed == 0) {
                add_error(errors, p->id, "NotFound", "The phone number is not associated with this Voice Connector.");
                continue;
            }
            if (p->associations.empty() && p->status == "Assigned") p->status = "Unassigned";
            p->updated = iso8601(t);
        }
        return errors_reply(std::move(errors));
    }

    options opt_;
    inventory inv_;
    chime_voice::credentials creds_;
    std::uint64_t requests_ = 0;
    std::uint64_t closes_done_ = 0;
    std::uint64_t fails_done_ = 0;
    std::uint64_t signed_batch_deletes_ = 0;
    std::uint64_t id_state_ = 0;
};

} // namespace chime_local

#endif
