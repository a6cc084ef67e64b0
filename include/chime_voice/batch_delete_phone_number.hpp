// SPDX-License-Identifier: BSL-1.0
// chime_voice/batch_delete_phone_number.hpp — the BatchDeletePhoneNumber operation.
//
// serialize_request() turns a request value into an unsigned http_request
// (Smithy restJson1 protocol: `@http(method: "POST", uri:
// "/phone-numbers?operation=batch-delete", code: 200)`, input members without
// HTTP binding traits go in a JSON body). parse_batch_delete_phone_number_response()
// turns the response the caller received into the output or an error.
//
// Pure functions: no I/O, clock, environment or randomness. Nothing throws
// on bad input; allocation failure (std::bad_alloc) is the only exception.
#ifndef CHIME_VOICE_BATCH_DELETE_PHONE_NUMBER_HPP
#define CHIME_VOICE_BATCH_DELETE_PHONE_NUMBER_HPP

#include <chime_voice/client_config.hpp>
#include <chime_voice/config.hpp>
#include <chime_voice/detail/json.hpp>
#include <chime_voice/detail/utf8.hpp>
#include <chime_voice/endpoint.hpp>
#include <chime_voice/error.hpp>
#include <chime_voice/http.hpp>
#include <chime_voice/operation_options.hpp>
#include <chime_voice/phone_number_error.hpp>
#include <chime_voice/service_error.hpp>
#include <chime_voice/user_agent.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse_options.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <expected>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace chime_voice {

// ---------------------------------------------------------------- types

/// Input of BatchDeletePhoneNumber (shape BatchDeletePhoneNumberRequest).
/// `PhoneNumberIds` is `@required` with `@length(min: 1)` (NonEmptyStringList).
struct batch_delete_phone_number_request {
    std::vector<std::string> phone_number_ids; ///< PhoneNumberIds: E.164 numbers or phone number IDs, at least one
    /// Member-wise equality.
    bool operator==(const batch_delete_phone_number_request&) const = default;
};

/// Output of BatchDeletePhoneNumber (shape BatchDeletePhoneNumberResponse).
/// An absent, null or empty PhoneNumberErrors all give an empty vector: a 200
/// with no per-number errors means every number was queued for deletion.
struct batch_delete_phone_number_response {
    std::vector<phone_number_error> phone_number_errors; ///< PhoneNumberErrors: the numbers that were not queued
    response_metadata metadata;                         ///< status and request ids
};

// ------------------------------------------------------ named settings

/// The operation's `smithy.api#http` trait: method.
inline constexpr std::string_view batch_delete_phone_number_http_method = "POST";
/// The operation's `smithy.api#http` trait: URI (path and the constant query).
inline constexpr std::string_view batch_delete_phone_number_http_uri = "/phone-numbers?operation=batch-delete";
// ----------------------------------------------------- generic pieces

namespace detail {

/// Splits a Smithy `@http` uri into its path and its constant query
/// (restJson1: a literal query in the uri is sent as is, e.g.
/// "/phone-numbers?operation=batch-delete" -> "/phone-numbers", "operation=batch-delete").
constexpr std::pair<std::string_view, std::string_view> split_http_uri(std::string_view uri) noexcept {
    const auto q = uri.find('?');
    if (q == std::string_view::npos) return {uri, {}};
    return {uri.substr(0, q), uri.substr(q + 1)};
}

/// Builds a restJson1 request with a JSON body: method, scheme and host from
/// the endpoint, path = endpoint base path + the uri's path, the uri's
/// constant query, and the headers host, content-type, content-length,
/// user-agent (+ x-amz-user-agent). May throw std::bad_alloc.
template <class Endpoint>
    requires std::same_as<std::remove_cvref_t<Endpoint>, endpoint>
std::expected<http_request, error> make_json_request(Endpoint&& ep, std::string_view method, std::string_view http_uri,
                                                     std::string body, std::string_view app_id,
                                                     const serialize_options& opt = {}) {
    if (ep.host.empty() || !is_field_value(ep.host))
        return std::unexpected(error::make(error_category::endpoint, "the endpoint has no usable host"));
    if (ep.scheme != "https" && ep.scheme != "http")
        return std::unexpected(error::make(error_category::endpoint,
                                           "the endpoint scheme must be https or http"));
    const auto [path, query] = split_http_uri(http_uri);
    http_request r;
    r.method.assign(method);
    r.scheme = ep.scheme;
    // A resolved endpoint handed over as an rvalue gives up its host (one
    // allocation fewer); the Host header copies it either way.
    r.host = std::forward<Endpoint>(ep).host;
    r.path.reserve(ep.path.size() + path.size());
    r.path.append(ep.path).append(path);
    r.query.assign(query);
    std::string ua = make_user_agent(app_id);
    const std::size_t n = 5 + opt.signer_header_headroom;
    r.headers.reserve(n);
    r.headers.push_back({"host", r.host});
    r.headers.push_back({"content-type", std::string(json_content_type)});
    r.headers.push_back({"content-length", std::to_string(body.size())});
    if (opt.send_x_amz_user_agent) r.headers.push_back({"x-amz-user-agent", ua});
    r.headers.push_back({"user-agent", std::move(ua)});
    r.body = std::move(body);
    r.signing = signing_scope{ep.signing_region, ep.signing_name};
    return r;
}

/// ORs f(word) over the 8-byte words of `s`: whole words, then the last 8
/// bytes again (overlapping, which changes no OR) or, for a string shorter
/// than 8, its bytes padded with 'a' (a byte no check here looks for).
template <class F>
std::uint64_t word_scan(std::string_view s, F&& f) noexcept {
    const char* p = s.data();
    const std::size_t n = s.size();
    std::uint64_t acc = 0, v = 0x6161616161616161ull;
    if (n < 8) {
        for (std::size_t i = 0; i < n; ++i) reinterpret_cast<unsigned char*>(&v)[i] = static_cast<unsigned char>(p[i]);
        return f(v);
    }
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::memcpy(&v, p + i, 8);
        acc |= f(v);
    }
    if (i < n) {
        std::memcpy(&v, p + n - 8, 8);
        acc |= f(v);
    }
    return acc;
}

/// True when every byte of `s` is ASCII (then it is valid UTF-8 as it is).
inline bool all_ascii(std::string_view s) noexcept {
    return !word_scan(s, [](std::uint64_t v) { return v & 0x8080808080808080ull; });
}

} // namespace detail

// ------------------------------------------------------- serialization

/// Checks the input against the model and the limits of `opt`. The error
/// (error_category::validation) names the member, the index and the problem.
inline std::expected<void, error> validate(const batch_delete_phone_number_request& req,
                                           const serialize_options& opt = {}) {
    const auto& ids = req.phone_number_ids;
    if (ids.empty())
        return std::unexpected(error::make(
            error_category::validation,
            "PhoneNumberIds is required and must have at least 1 element (NonEmptyStringList @length(min: 1))"));
    if (ids.size() > opt.max_phone_number_ids)
        return std::unexpected(error::make(
            error_category::validation,
            "PhoneNumberIds has " + std::to_string(ids.size()) +
                " elements, more than serialize_options::max_phone_number_ids (" +
                std::to_string(opt.max_phone_number_ids) + ")"));
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (ids[i].size() > opt.max_phone_number_id_bytes)
            return std::unexpected(error::make(
                error_category::validation,
                "PhoneNumberIds[" + std::to_string(i) + "] is " + std::to_string(ids[i].size()) +
                    " bytes, more than serialize_options::max_phone_number_id_bytes (" +
                    std::to_string(opt.max_phone_number_id_bytes) + ")"));
        if (detail::all_ascii(ids[i])) continue; // the usual ID: nothing for the UTF-8 decoder to do
        const auto check = detail::validate_utf8(ids[i]);
        if (!check.ok)
            return std::unexpected(error::make(
                error_category::validation,
                "PhoneNumberIds[" + std::to_string(i) + "] is not valid UTF-8: " + check.reason +
                    " at byte " + std::to_string(check.offset)));
    }
    return {};
}

namespace detail {

/// True when `s` needs no JSON escaping (no byte below 0x20, no '"', no
/// '\\'), eight bytes at a time: phone number IDs are plain ASCII, so
/// the body is sized and written without a per-byte table walk.
inline bool json_plain(std::string_view s) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    auto has_zero = [](std::uint64_t x) { return (x - ones) & ~x & highs; };
    // A byte below 0x20 has bit 7 of (v - 0x20) set and its own bit 7 clear.
    auto hits = [&](std::uint64_t v) {
        return ((v - ones * 0x20) & ~v & highs) | has_zero(v ^ (ones * '"')) | has_zero(v ^ (ones * '\\'));
    };
    return !word_scan(s, hits);
}
/// The size of `{"PhoneNumberIds":[...]}` (as string_list_object_size gives
/// it), and whether no ID needs escaping.
struct body_size {
    std::size_t bytes = 0;
    bool plain = true;
};

inline body_size batch_delete_body_size(std::span<const std::string> ids) noexcept {
    body_size r;
    r.bytes = 2 + 14 + 3 + 2 + (ids.empty() ? 0 : ids.size() - 1); // {"PhoneNumberIds":[ ]} and commas
    for (const auto& s : ids) {
        const bool plain = json_plain(s);
        r.plain &= plain;
        r.bytes += (plain ? s.size() : json_escaped_size(s)) + 2;
    }
    return r;
}

/// The body (size from batch_delete_body_size): one pass, one allocation,
/// each ID copied whole when none needs escaping. Same bytes as
/// write_string_list_object.
inline std::string write_batch_delete_body(std::span<const std::string> ids, body_size size) {
    const std::size_t n = size.bytes;
    std::string out;
    out.resize_and_overwrite(n, [&](char* p, std::size_t) { // returns n (see append_json_string)
        constexpr std::string_view head = "{\"PhoneNumberIds\":[";
        // n is never below the 21 bytes of {"PhoneNumberIds":[]}. Saying so
        // also shows g++ 12 at -O3 that the short-string buffer (n <= 15) is
        // never written here; without it -Wstringop-overflow fires.
        if (n < head.size() + 2) return std::size_t{0};
        std::memcpy(p, head.data(), head.size());
        p += head.size();
        bool first = true;
        for (const auto& s : ids) {
            if (!first) *p++ = ',';
            first = false;
            *p++ = '"';
            if (size.plain) {
                if (!s.empty()) std::memcpy(p, s.data(), s.size());
                p += s.size();
            } else {
                p = write_json_escaped(p, s);
            }
            *p++ = '"';
        }
        *p++ = ']';
        *p = '}';
        return n;
    });
    return out;
}

/// serialize_request after validate(req, opt) has passed (an rvalue
/// endpoint is moved from).
template <class Endpoint>
std::expected<http_request, error> serialize_validated(const batch_delete_phone_number_request& req, Endpoint&& ep,
                                                       std::string_view app_id, const serialize_options& opt) {
    const std::span<const std::string> ids(req.phone_number_ids);
    const body_size size = batch_delete_body_size(ids);
    if (size.bytes > opt.max_body_bytes)
        return std::unexpected(error::make(
            error_category::validation, "the JSON body would be " + std::to_string(size.bytes) +
                                            " bytes, more than serialize_options::max_body_bytes (" +
                                            std::to_string(opt.max_body_bytes) + ")"));
    return make_json_request(std::forward<Endpoint>(ep), batch_delete_phone_number_http_method,
                             batch_delete_phone_number_http_uri,
                             write_batch_delete_body(ids, size), app_id, opt);
}

} // namespace detail

/// The JSON body `{"PhoneNumberIds":[...]}`, compact, strings escaped per
/// RFC 8259 section 7 (detail/json.hpp), written with one allocation of the
/// exact size. The input must have passed validate(). May throw std::bad_alloc.
inline std::string write_body(const batch_delete_phone_number_request& req) {
    const std::span<const std::string> ids(req.phone_number_ids);
    return detail::write_batch_delete_body(ids, detail::batch_delete_body_size(ids));
}

/// Serializes against an already resolved endpoint (no endpoint rules run).
inline std::expected<http_request, error> serialize_request(const batch_delete_phone_number_request& req,
                                                            const endpoint& ep, std::string_view app_id,
                                                            const serialize_options& opt = {}) {
    if (auto v = validate(req, opt); !v) return std::unexpected(std::move(v.error()));
    return detail::serialize_validated(req, ep, app_id, opt);
}

/// Validates the input, resolves the endpoint (resolve_endpoint) and builds
/// the unsigned request: `POST {base path}/phone-numbers?operation=batch-delete`
/// with a JSON body and the headers host, content-type, content-length,
/// x-amz-user-agent and user-agent. The headers vector has room for the
/// signer's additions. Errors: validation (input), endpoint (configuration).
/// May throw std::bad_alloc.
inline std::expected<http_request, error> serialize_request(const batch_delete_phone_number_request& req,
                                                            const client_config& config,
                                                            const serialize_options& opt) {
    if (auto v = validate(req, opt); !v) return std::unexpected(std::move(v.error()));
    auto ep = resolve_endpoint(config);
    if (!ep) return std::unexpected(std::move(ep.error()));
    return detail::serialize_validated(req, std::move(*ep), config.app_id, opt); // validated above, once
}

/// serialize_request with the default serialize_options: the two-argument entry
/// point whose signature is fixed (CONTRIBUTING.md, "The public contract").
inline std::expected<http_request, error> serialize_request(const batch_delete_phone_number_request& req,
                                                            const client_config& config) {
    return serialize_request(req, config, serialize_options{});
}

// ------------------------------------------------------------- parsing

namespace detail {

/// SAX handler for boost::json::basic_parser that fills the output directly:
/// allocations are proportional to the number of PhoneNumberErrors, not to
/// the size of the body. Unknown members are skipped (restJson1: clients
/// ignore members they do not know); JSON null means "absent" (Smithy: null
/// values in a structure are treated as not set); a null element of the
/// (dense) PhoneNumberErrors list is skipped.
class batch_delete_output_handler {
public:
    static constexpr std::size_t max_object_size = std::size_t(-1);
    static constexpr std::size_t max_array_size = std::size_t(-1);
    static constexpr std::size_t max_key_size = std::size_t(-1);
    static constexpr std::size_t max_string_size = std::size_t(-1);

    explicit batch_delete_output_handler(std::vector<phone_number_error>& out) noexcept : out_(out) {}

    /// Non-empty when the JSON was valid but did not match the model.
    const std::string& problem() const noexcept { return problem_; }

    using ec_t = boost::system::error_code;
    using sv_t = boost::json::string_view;

    bool on_document_begin(ec_t&) { return true; }
    bool on_document_end(ec_t&) { return true; }
    bool on_array_begin(ec_t& ec) { return begin(value_type::array, ec); }
    bool on_array_end(std::size_t, ec_t&) { return end(); }
    bool on_object_begin(ec_t& ec) { return begin(value_type::object, ec); }
    bool on_object_end(std::size_t, ec_t&) { return end(); }
    bool on_string_part(sv_t s, std::size_t, ec_t&) {
        if (skip_ == 0) part_.append(s.data(), s.size());
        return true;
    }
    bool on_string(sv_t s, std::size_t, ec_t& ec) {
        if (skip_ != 0) return true;
        if (!part_.empty()) {
            part_.append(s.data(), s.size());
            const bool ok = scalar(value_type::string, part_, ec);
            part_.clear();
            return ok;
        }
        return scalar(value_type::string, std::string_view(s.data(), s.size()), ec);
    }
    bool on_key_part(sv_t s, std::size_t, ec_t&) {
        if (skip_ == 0) part_.append(s.data(), s.size());
        return true;
    }
    bool on_key(sv_t s, std::size_t, ec_t&) {
        if (skip_ != 0) return true;
        std::string_view k(s.data(), s.size());
        if (!part_.empty()) {
            part_.append(k);
            k = part_;
        }
        key(k);
        part_.clear();
        return true;
    }
    bool on_number_part(sv_t, ec_t&) { return true; }
    bool on_int64(std::int64_t, sv_t, ec_t& ec) { return skip_ ? true : scalar(value_type::number, {}, ec); }
    bool on_uint64(std::uint64_t, sv_t, ec_t& ec) { return skip_ ? true : scalar(value_type::number, {}, ec); }
    bool on_double(double, sv_t, ec_t& ec) { return skip_ ? true : scalar(value_type::number, {}, ec); }
    bool on_bool(bool, ec_t& ec) { return skip_ ? true : scalar(value_type::boolean, {}, ec); }
    bool on_null(ec_t& ec) { return skip_ ? true : scalar(value_type::null, {}, ec); }
    bool on_comment_part(sv_t, ec_t&) { return true; }
    bool on_comment(sv_t, ec_t&) { return true; }

private:
    enum class value_type : std::uint8_t { object, array, string, number, boolean, null };
    enum class level : std::uint8_t { document, top_object, error_list, error_object, done };
    enum class member : std::uint8_t { unknown, phone_number_errors, phone_number_id, error_code, error_message };

    static constexpr std::string_view name(value_type t) noexcept {
        switch (t) {
        case value_type::object: return "object";
        case value_type::array: return "array";
        case value_type::string: return "string";
        case value_type::number: return "number";
        case value_type::boolean: return "boolean";
        case value_type::null: return "null";
        }
        return "?";
    }

    static constexpr std::string_view member_name(member m) noexcept {
        switch (m) {
        case member::phone_number_errors: return "PhoneNumberErrors";
        case member::phone_number_id: return "PhoneNumberId";
        case member::error_code: return "ErrorCode";
        case member::error_message: return "ErrorMessage";
        case member::unknown: break;
        }
        return "?";
    }

    bool fail(std::string msg, ec_t& ec) {
        problem_ = std::move(msg);
        ec = boost::json::error::syntax; // the caller reports problem_ instead
        return false;
    }

    std::string element_path() const {
        return "PhoneNumberErrors[" + std::to_string(index_) + "]";
    }

    void key(std::string_view k) noexcept {
        member_ = member::unknown;
        if (level_ == level::top_object) {
            if (k == "PhoneNumberErrors") member_ = member::phone_number_errors;
        } else if (level_ == level::error_object) {
            if (k == "PhoneNumberId") member_ = member::phone_number_id;
            else if (k == "ErrorCode") member_ = member::error_code;
            else if (k == "ErrorMessage") member_ = member::error_message;
        }
    }

    // A container starts.
    bool begin(value_type t, ec_t& ec) {
        if (skip_ != 0) { ++skip_; return true; }
        switch (level_) {
        case level::document:
            if (t != value_type::object)
                return fail("expected a JSON object at the top level, got " + std::string(name(t)), ec);
            level_ = level::top_object;
            return true;
        case level::top_object:
            if (member_ == member::phone_number_errors) {
                if (t != value_type::array)
                    return fail("PhoneNumberErrors: expected array, got " + std::string(name(t)), ec);
                out_.clear(); // a repeated member: the last one wins, as in most JSON readers
                index_ = 0;
                level_ = level::error_list;
                return true;
            }
            skip_ = 1; // unknown member
            return true;
        case level::error_list:
            if (t != value_type::object)
                return fail(element_path() + ": expected object, got " + std::string(name(t)), ec);
            out_.emplace_back();
            level_ = level::error_object;
            return true;
        case level::error_object:
            if (member_ != member::unknown)
                return fail(element_path() + "." + std::string(member_name(member_)) +
                                ": expected string, got " + std::string(name(t)), ec);
            skip_ = 1;
            return true;
        case level::done: break;
        }
        return true;
    }

    // A container ends.
    bool end() noexcept {
        if (skip_ != 0) { --skip_; return true; }
        switch (level_) {
        case level::error_object: level_ = level::error_list; ++index_; break;
        case level::error_list: level_ = level::top_object; break;
        case level::top_object: level_ = level::done; break;
        default: break;
        }
        member_ = member::unknown;
        return true;
    }

    // A scalar value; `s` is the string's text when t == string.
    bool scalar(value_type t, std::string_view s, ec_t& ec) {
        switch (level_) {
        case level::document:
            return fail("expected a JSON object at the top level, got " + std::string(name(t)), ec);
        case level::top_object:
            if (member_ == member::phone_number_errors && t != value_type::null)
                return fail("PhoneNumberErrors: expected array, got " + std::string(name(t)), ec);
            if (member_ == member::phone_number_errors) out_.clear(); // null: absent
            return true;
        case level::error_list:
            if (t == value_type::null) { ++index_; return true; } // dense list: skip null
            return fail(element_path() + ": expected object, got " + std::string(name(t)), ec);
        case level::error_object: {
            if (member_ == member::unknown) return true;
            if (t == value_type::null) return true; // null: absent
            if (t != value_type::string)
                return fail(element_path() + "." + std::string(member_name(member_)) +
                                ": expected string, got " + std::string(name(t)), ec);
            auto& e = out_.back();
            switch (member_) {
            case member::phone_number_id: e.phone_number_id.assign(s); e.has_phone_number_id = true; break;
            case member::error_code:
                e.error_code_raw.assign(s);
                e.code = parse_error_code(s);
                e.has_error_code = true;
                break;
            case member::error_message: e.error_message.assign(s); e.has_error_message = true; break;
            default: break;
            }
            return true;
        }
        case level::done: break;
        }
        return true;
    }

    std::vector<phone_number_error>& out_;
    std::string problem_;
    std::string part_; // a string or key delivered in parts
    std::size_t skip_ = 0;
    std::size_t index_ = 0;
    level level_ = level::document;
    member member_ = member::unknown;
};

} // namespace detail

/// Reads a BatchDeletePhoneNumber response.
///
/// * Status outside 100..599, or more than opt.max_headers header fields:
///   malformed_response.
/// * 2xx (the model says 200; any 2xx is accepted): the output. An empty (or
///   all-whitespace) body, `{}`, an absent or null PhoneNumberErrors all mean
///   "no per-number errors". Unknown members are ignored. ErrorCode values not
///   in the model are kept in error_code_raw with code = unknown_value. A body
///   that is not JSON or does not match the model is a malformed_response
///   whose message says where (e.g. "PhoneNumberErrors[3].ErrorCode:
///   expected string, got number").
/// * Anything else: a service error (make_service_error with
///   chime_voice_modelled_errors).
/// Metadata (status, request ids) is filled in every case. The result never
/// refers to the response buffers. May throw std::bad_alloc only.
inline std::expected<batch_delete_phone_number_response, error>
parse_batch_delete_phone_number_response(const http_response_view& r, const response_parse_options& opt) {
    if (r.status < 100 || r.status > 599)
        return std::unexpected(make_malformed_response_error(
            r, "HTTP status " + std::to_string(r.status) + " is outside 100..599"));
    if (r.headers.size() > opt.max_headers)
        return std::unexpected(make_malformed_response_error(
            r, "the response has " + std::to_string(r.headers.size()) +
                   " header fields, more than response_parse_options::max_headers (" +
                   std::to_string(opt.max_headers) + ")"));
    if (r.status < 200 || r.status > 299)
        return std::unexpected(make_service_error(r, chime_voice_modelled_errors, opt.errors));

    batch_delete_phone_number_response out;
    if (r.body.size() > opt.max_body_bytes)
        return std::unexpected(make_malformed_response_error(
            r, "the body is " + std::to_string(r.body.size()) +
                   " bytes, more than response_parse_options::max_body_bytes (" +
                   std::to_string(opt.max_body_bytes) + ")"));
    if (!detail::is_json_blank(r.body)) {
        boost::json::parse_options po;
        po.max_depth = opt.max_depth;
        boost::json::basic_parser<detail::batch_delete_output_handler> p(po, out.phone_number_errors);
        boost::system::error_code ec;
        const std::size_t n = p.write_some(false, r.body.data(), r.body.size(), ec);
        if (ec) {
            if (!p.handler().problem().empty())
                return std::unexpected(make_malformed_response_error(r, p.handler().problem()));
            std::string msg = "the body is not valid JSON: " + ec.message() + " (near byte " +
                              std::to_string(n) + ")";
            // Boost.JSON reports bad UTF-8 inside a string as a syntax error;
            // say what it is (RFC 8259 section 8.1 requires UTF-8).
            if (const auto u = detail::validate_utf8(r.body); !u.ok)
                msg = "the body is not valid JSON: invalid UTF-8 (" + std::string(u.reason) + ") at byte " +
                      std::to_string(u.offset);
            if (ec == boost::json::error::too_deep)
                msg += "; response_parse_options::max_depth is " + std::to_string(opt.max_depth);
            return std::unexpected(make_malformed_response_error(r, std::move(msg)));
        }
        if (n < r.body.size() && !detail::is_json_blank(r.body.substr(n)))
            return std::unexpected(make_malformed_response_error(
                r, "the body is not valid JSON: extra data after the value (at byte " + std::to_string(n) + ")"));
    }
    out.metadata = read_response_metadata(r);
    return out;
}

/// parse_batch_delete_phone_number_response with the default
/// response_parse_options: the one-argument entry point whose signature is
/// fixed (CONTRIBUTING.md, "The public contract").
inline std::expected<batch_delete_phone_number_response, error>
parse_batch_delete_phone_number_response(const http_response_view& r) {
    return parse_batch_delete_phone_number_response(r, response_parse_options{});
}

// ------------------------------------------------------------ printing

/// Prints the number of IDs only: every PhoneNumberId is `<redacted>`.
inline std::ostream& operator<<(std::ostream& os, const batch_delete_phone_number_request& r) {
    os << "batch_delete_phone_number_request{phone_number_ids=[";
    for (std::size_t i = 0; i < r.phone_number_ids.size(); ++i) os << (i ? ", " : "") << "<redacted>";
    return os << "]}";
}

/// Prints the status, the request ids and each PhoneNumberError (the
/// sensitive PhoneNumberId redacted).
inline std::ostream& operator<<(std::ostream& os, const batch_delete_phone_number_response& r) {
    os << "batch_delete_phone_number_response{http_status=" << r.metadata.http_status;
    if (!r.metadata.request_id.empty()) os << ", request_id=" << r.metadata.request_id;
    os << ", phone_number_errors=[";
    for (std::size_t i = 0; i < r.phone_number_errors.size(); ++i)
        os << (i ? ", " : "") << r.phone_number_errors[i];
    return os << "]}";
}

} // namespace chime_voice

#endif
