// SPDX-License-Identifier: BSL-1.0
// chime_voice/endpoint.hpp — endpoint resolution (smithy.rules endpoint rule set).
//
// resolve_endpoint() evaluates the Chime SDK Voice endpoint rule set
// (`smithy.rules#endpointRuleSet` of com.amazonaws.chimesdkvoice, rule set
// version 1.0; the copy used by the tests is
// tests/data/endpoints/ruleset.json) over the AWS partitions
// (partitions.json v1.1, compiled into detail/endpoint_data.hpp by
// tools/gen_endpoint_data.py). The rule set is small enough to be written out
// by hand; every branch below names the rule it implements.
//
// Pure function: no I/O, no environment, no clock. Nothing throws on bad
// input; the only exception that can escape is std::bad_alloc from building
// the result strings.
#ifndef CHIME_VOICE_ENDPOINT_HPP
#define CHIME_VOICE_ENDPOINT_HPP

#include <chime_voice/client_config.hpp>
#include <chime_voice/config.hpp>
#include <chime_voice/detail/endpoint_data.hpp>
#include <chime_voice/error.hpp>

#include <boost/url/parse.hpp>
#include <boost/url/scheme.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

namespace chime_voice {

/// A resolved endpoint.
struct endpoint {
    std::string url;    ///< as the rules produce it, e.g. "https://voice-chime.us-east-1.amazonaws.com"
    std::string scheme; ///< "https" or "http"
    std::string host;   ///< host, with ":port" when the port is not the scheme's default
    std::string path;   ///< base path from an override ("" or "/prefix", no trailing '/')
    std::string signing_region; ///< region for the SigV4 scope
    std::string signing_name = "chime"; ///< SigV4 service name (not the host prefix)
};

/// Prints all fields. An endpoint holds no secret: userinfo is rejected by
/// resolve_endpoint(), so a resolved url never carries a password.
inline std::ostream& operator<<(std::ostream& os, const endpoint& e) {
    return os << "endpoint{url=" << e.url << ", scheme=" << e.scheme << ", host=" << e.host
              << ", path=" << e.path << ", signing_region=" << e.signing_region
              << ", signing_name=" << e.signing_name << '}';
}

namespace detail {

/// The constants and messages of the rule set, and the quirks of this
/// resolver, each named with the reason for its value.
namespace endpoint_rules {

/// Host label of the standard endpoint: the rule set's URL templates are
/// `https://voice-chime.{Region}.{PartitionResult#dnsSuffix}` and
/// `...#dualStackDnsSuffix}`.
inline constexpr std::string_view host_label = "voice-chime";
/// Host label with UseFIPS: `https://voice-chime-fips.{Region}...`.
inline constexpr std::string_view fips_host_label = "voice-chime-fips";
/// Every URL template of the rule set is https.
inline constexpr std::string_view standard_scheme = "https";
/// SigV4 signing name. Quirk: it is the service's `aws.auth#sigv4` name
/// "chime", not the host label "voice-chime"; the rule set publishes no
/// authSchemes property that would say otherwise.
inline constexpr std::string_view signing_name = "chime";

/// Longest region accepted: a DNS label is at most 63 octets (RFC 1035
/// section 2.3.4), and the region is one label of the endpoint host.
inline constexpr std::size_t max_region_length = 63;

/// Quirk: the rule set only checks `isSet(Region)`; it never validates the
/// region, so "us-east-1/../x" would be pasted into a URL. We require a
/// region to be a lowercase host label (a-z, 0-9, '-', 1 to 63 characters,
/// no '-' at either end: RFC 1123 section 2.1 label, lower case as every AWS
/// region is) before any URL is built.
inline constexpr bool validate_region = true;
/// Quirk: with a custom endpoint the rule set ignores Region, but the region
/// still goes into the SigV4 credential scope (`date/region/chime/aws4_request`),
/// where a '/' or space would corrupt the scope. So a non-empty region must be
/// valid with an override too; an empty one is allowed (tests.json case
/// "custom endpoint without region").
inline constexpr bool validate_region_with_override = true;
/// Quirk: a custom endpoint's path is a base path that serialize_request()
/// prefixes to "/phone-numbers"; trailing '/' are dropped so that
/// "https://h/base/" does not give "/base//phone-numbers".
inline constexpr bool strip_trailing_slash = true;
/// Quirk: "." and ".." segments in a custom endpoint's path are rejected.
/// SigV4 normalizes the canonical URI for every service but S3 (RFC 3986
/// section 5.2.4 remove_dot_segments), while an HTTP client may send the path
/// raw, so signature and request would disagree.
inline constexpr bool reject_dot_segments = true;

// Error messages. The first four are the rule set's own `error` strings,
// byte for byte; the rest are ours and keep the same prefix.
inline constexpr std::string_view fips_and_custom_endpoint =
    "Invalid Configuration: FIPS and custom endpoint are not supported";
inline constexpr std::string_view dual_stack_and_custom_endpoint =
    "Invalid Configuration: Dualstack and custom endpoint are not supported";
inline constexpr std::string_view missing_region = "Invalid Configuration: Missing Region";
inline constexpr std::string_view fips_and_dual_stack_unsupported =
    "FIPS and DualStack are enabled, but this partition does not support one or both";
inline constexpr std::string_view fips_unsupported =
    "FIPS is enabled but this partition does not support FIPS";
inline constexpr std::string_view dual_stack_unsupported =
    "DualStack is enabled but this partition does not support DualStack";

// Neither the region nor the endpoint is echoed in these messages: an
// endpoint may carry a password in its userinfo (rule of the house 6).
inline constexpr std::string_view invalid_region =
    "Invalid Configuration: Region is not a valid host label "
    "(lowercase letters, digits and '-', 1 to 63 characters, no '-' at either end)";
inline constexpr std::string_view endpoint_not_uri =
    "Invalid Configuration: custom endpoint is not an absolute URI (RFC 3986 section 4.3)";
inline constexpr std::string_view endpoint_bad_scheme =
    "Invalid Configuration: custom endpoint scheme must be http or https";
inline constexpr std::string_view endpoint_no_host =
    "Invalid Configuration: custom endpoint has no host";
inline constexpr std::string_view endpoint_bad_host =
    "Invalid Configuration: custom endpoint host must be a DNS name (letters, digits, '-', '.', '_'), "
    "an IPv4 address or a bracketed IPv6 address";
inline constexpr std::string_view endpoint_userinfo =
    "Invalid Configuration: custom endpoint must not carry user information";
inline constexpr std::string_view endpoint_query =
    "Invalid Configuration: custom endpoint must not carry a query";
inline constexpr std::string_view endpoint_fragment =
    "Invalid Configuration: custom endpoint must not carry a fragment";
inline constexpr std::string_view endpoint_bad_port =
    "Invalid Configuration: custom endpoint port must be a number from 1 to 65535";
inline constexpr std::string_view endpoint_dot_segment =
    "Invalid Configuration: custom endpoint path must not contain '.' or '..' segments";

} // namespace endpoint_rules

constexpr bool is_ascii_lower_or_digit(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/// True when `region` may be used as a region: a lowercase host label (see
/// endpoint_rules::validate_region). Stricter than Smithy's isValidHostLabel,
/// which also admits upper case.
constexpr bool is_valid_region(std::string_view region) noexcept {
    if (region.empty() || region.size() > endpoint_rules::max_region_length) return false;
    if (region.front() == '-' || region.back() == '-') return false;
    for (char c : region)
        if (!is_ascii_lower_or_digit(c) && c != '-') return false;
    return true;
}

/// Whether `part` equals one of the '|'-separated `alternatives`.
constexpr bool matches_alternative(std::string_view alternatives, std::string_view part) noexcept {
    while (true) {
        const std::size_t bar = alternatives.find('|');
        if (alternatives.substr(0, bar) == part) return true;
        if (bar == std::string_view::npos) return false;
        alternatives.remove_prefix(bar + 1);
    }
}

constexpr bool matches_segment(const endpoint_data::region_segment& seg,
                               std::string_view part) noexcept {
    switch (seg.kind) {
    case endpoint_data::segment_kind::literal: return matches_alternative(seg.alternatives, part);
    case endpoint_data::segment_kind::word:
        // \w+ : [A-Za-z0-9_]+ (ECMAScript and Java agree on ASCII \w)
        if (part.empty()) return false;
        for (char c : part)
            if (!is_ascii_lower_or_digit(c) && !(c >= 'A' && c <= 'Z') && c != '_') return false;
        return true;
    case endpoint_data::segment_kind::digits:
        // \d+ : [0-9]+
        if (part.empty()) return false;
        for (char c : part)
            if (c < '0' || c > '9') return false;
        return true;
    }
    return false;
}

/// Evaluates a partition's regionRegex, translated by the generator into
/// '-'-separated segments. No segment form can match '-', so the regex
/// matches exactly when the region splits on '-' into `segment_count` parts
/// that each match their segment (see tools/gen_endpoint_data.py, which
/// checks this against Python's `re` when it generates the tables).
constexpr bool matches_region_pattern(const endpoint_data::partition& p,
                                      std::string_view region) noexcept {
    std::size_t index = 0;
    while (true) {
        if (index >= p.segment_count || index >= p.segments.size()) return false;
        const std::size_t dash = region.find('-');
        if (!matches_segment(p.segments[index], region.substr(0, dash))) return false;
        ++index;
        if (dash == std::string_view::npos) return index == p.segment_count;
        region.remove_prefix(dash + 1);
    }
}

/// The result of `aws.partition`: which partition, and its outputs (merged
/// with the region's overrides when the region is listed explicitly).
/// Lifetime: the views point into the tables given to find_partition(); for
/// the generated tables that is static storage.
struct partition_result {
    std::string_view id;
    endpoint_data::partition_outputs outputs;
};

/// Smithy rules engine, AWS library function `aws.partition(Region)`:
/// 1. a region listed in a partition's "regions" (merged outputs);
/// 2. else the first partition, in file order, whose regionRegex matches;
/// 3. else the partition at `fallback_index` ("aws").
/// `regions` must be sorted by name (the generator sorts them) and
/// `fallback_index` must index `partitions`. Neither `region` nor the tables
/// are retained beyond the returned views into the tables.
constexpr partition_result
find_partition(std::string_view region, std::span<const endpoint_data::partition> partitions,
               std::span<const endpoint_data::known_region> regions,
               std::size_t fallback_index) noexcept {
    const auto it = std::ranges::lower_bound(regions, region, {},
                                             &endpoint_data::known_region::name);
    if (it != regions.end() && it->name == region && it->partition_index < partitions.size())
        return {partitions[it->partition_index].id, it->outputs};
    for (const auto& p : partitions)
        if (matches_region_pattern(p, region)) return {p.id, p.outputs};
    return {partitions[fallback_index].id, partitions[fallback_index].outputs};
}

/// find_partition() over the generated tables of detail/endpoint_data.hpp.
constexpr partition_result find_partition(std::string_view region) noexcept {
    return find_partition(region, endpoint_data::partitions, endpoint_data::known_regions,
                          endpoint_data::aws_partition_index);
}

inline std::unexpected<error> endpoint_error(std::string_view message) {
    return std::unexpected(error::make(error_category::endpoint, std::string(message)));
}

constexpr bool is_reg_name_char(char c) noexcept {
    return is_ascii_lower_or_digit(c) || (c >= 'A' && c <= 'Z') || c == '-' || c == '.' ||
           c == '_';
}

/// Parses a decimal port (RFC 3986 section 3.2.3, `port = *DIGIT`) into
/// 1..65535; 0 for anything else. Leading zeros are accepted.
constexpr std::uint32_t parse_port(std::string_view s) noexcept {
    if (s.empty()) return 0;
    std::uint32_t value = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return 0;
        value = value * 10 + static_cast<std::uint32_t>(c - '0');
        if (value > 65535) return 0;
    }
    return value;
}

/// "." or ".." with each '.' possibly percent-encoded as %2E or %2e
/// (RFC 3986 section 2.3: an encoded unreserved character is equivalent).
constexpr bool is_dot_segment(std::string_view seg) noexcept {
    std::size_t dots = 0;
    while (!seg.empty()) {
        if (seg.front() == '.') {
            seg.remove_prefix(1);
        } else if (seg.size() >= 3 && seg[0] == '%' && seg[1] == '2' && (seg[2] == 'e' || seg[2] == 'E')) {
            seg.remove_prefix(3);
        } else {
            return false;
        }
        ++dots;
    }
    return dots == 1 || dots == 2;
}

/// The override branch of the rule set (`isSet(Endpoint)`): the URL is the
/// Endpoint parameter, validated here since the rule set does not:
/// an absolute URI (RFC 3986 section 4.3) with scheme http or https, a
/// non-empty host (reg-name, IPv4 or bracketed IPv6; section 3.2.2), an
/// optional port, no userinfo (section 3.2.1), no query, no fragment.
/// Scheme is lowercased (section 3.1: schemes are case-insensitive); the port
/// is dropped when it is the scheme's default (section 6.2.3). `text` and
/// `region` are read during the call only; the result owns copies.
inline std::expected<endpoint, error> resolve_custom_endpoint(std::string_view text,
                                                              std::string_view region) {
    namespace urls = boost::urls;
    using namespace endpoint_rules;
    // parse_uri reports failure in its result; it does not throw.
    const auto parsed = urls::parse_uri(urls::string_view(text.data(), text.size()));
    if (!parsed) return endpoint_error(endpoint_not_uri);
    const urls::url_view& u = *parsed;

    const urls::scheme id = u.scheme_id(); // compares case-insensitively
    if (id != urls::scheme::http && id != urls::scheme::https)
        return endpoint_error(endpoint_bad_scheme);
    if (!u.has_authority()) return endpoint_error(endpoint_no_host);
    if (u.has_userinfo()) return endpoint_error(endpoint_userinfo);
    if (u.has_query()) return endpoint_error(endpoint_query);
    if (u.has_fragment()) return endpoint_error(endpoint_fragment);

    const std::string_view host(u.encoded_host().data(), u.encoded_host().size());
    if (host.empty()) return endpoint_error(endpoint_no_host);
    switch (u.host_type()) {
    case urls::host_type::ipv4:
    case urls::host_type::ipv6: break;
    case urls::host_type::name:
        // No percent-encoding or sub-delims: the host goes into the Host
        // header and the SigV4 canonical request as is.
        if (!std::ranges::all_of(host, is_reg_name_char)) return endpoint_error(endpoint_bad_host);
        break;
    default: return endpoint_error(endpoint_bad_host); // IPvFuture, none
    }

    const bool https = id == urls::scheme::https;
    std::uint32_t port = 0;
    if (u.has_port()) {
        const std::string_view port_text(u.port().data(), u.port().size());
        if (!port_text.empty()) { // "host:" means the default port (section 6.2.3)
            port = parse_port(port_text);
            if (port == 0) return endpoint_error(endpoint_bad_port);
        }
    }
    if (port == (https ? 443u : 80u)) port = 0;

    std::string_view path(u.encoded_path().data(), u.encoded_path().size());
    // RFC 3986 section 3.3: with an authority the path is empty or starts
    // with '/'. Boost.URL 1.81 accepts "https://host:80a" as port "80" and
    // path "a"; such input is not a URI, so it is rejected here.
    if (!path.empty() && path.front() != '/') return endpoint_error(endpoint_not_uri);
    if (reject_dot_segments) {
        std::string_view rest = path;
        while (!rest.empty()) {
            if (rest.front() == '/') rest.remove_prefix(1);
            const std::size_t slash = rest.find('/');
            if (is_dot_segment(rest.substr(0, slash))) return endpoint_error(endpoint_dot_segment);
            if (slash == std::string_view::npos) break;
            rest.remove_prefix(slash);
        }
    }
    if (strip_trailing_slash)
        while (!path.empty() && path.back() == '/') path.remove_suffix(1);

    endpoint ep;
    ep.url.assign(text);
    ep.scheme = https ? "https" : "http";
    ep.host.reserve(host.size() + 6);
    // Host names are case-insensitive (RFC 3986 section 3.2.2) and their
    // normal form is lower case (section 6.2.2.1); the AWS SDKs send them so.
    ep.host.assign(host);
    for (char& c : ep.host)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (port != 0) ep.host.append(1, ':').append(std::to_string(port));
    ep.path.assign(path);
    ep.signing_region.assign(region);
    ep.signing_name.assign(signing_name);
    return ep;
}

/// resolve_endpoint() over explicit partition tables (the public function
/// passes the generated ones; tests pass tables in which a partition lacks
/// FIPS or dual-stack, to reach the rule set's other error branches).
inline std::expected<endpoint, error>
resolve_endpoint_with(const client_config& config,
                      std::span<const endpoint_data::partition> partitions,
                      std::span<const endpoint_data::known_region> regions,
                      std::size_t fallback_index) {
    using namespace endpoint_rules;
    const std::string_view region = config.region;

    // Rule 1: isSet(Endpoint).
    if (config.endpoint.has_value()) {
        if (config.use_fips) return endpoint_error(fips_and_custom_endpoint);
        if (config.use_dual_stack) return endpoint_error(dual_stack_and_custom_endpoint);
        if (validate_region_with_override && !region.empty() && !is_valid_region(region))
            return endpoint_error(invalid_region);
        return resolve_custom_endpoint(*config.endpoint, region);
    }

    // Rule 2: isSet(Region), else "Missing Region". An empty region counts
    // as unset, as in the AWS SDKs.
    if (region.empty()) return endpoint_error(missing_region);
    if (validate_region && !is_valid_region(region)) return endpoint_error(invalid_region);

    const partition_result pr = find_partition(region, partitions, regions, fallback_index);
    const auto& out = pr.outputs;
    std::string_view label = host_label;
    std::string_view suffix = out.dns_suffix;
    if (config.use_fips && config.use_dual_stack) {
        if (!(out.supports_fips && out.supports_dual_stack))
            return endpoint_error(fips_and_dual_stack_unsupported);
        label = fips_host_label;
        suffix = out.dual_stack_dns_suffix;
    } else if (config.use_fips) {
        if (!out.supports_fips) return endpoint_error(fips_unsupported);
        label = fips_host_label;
    } else if (config.use_dual_stack) {
        if (!out.supports_dual_stack) return endpoint_error(dual_stack_unsupported);
        suffix = out.dual_stack_dns_suffix;
    }

    endpoint ep;
    ep.host.reserve(label.size() + 1 + region.size() + 1 + suffix.size());
    ep.host.append(label).append(1, '.').append(region).append(1, '.').append(suffix);
    ep.url.reserve(standard_scheme.size() + 3 + ep.host.size());
    ep.url.append(standard_scheme).append("://").append(ep.host);
    ep.scheme.assign(standard_scheme);
    ep.signing_region.assign(region);
    ep.signing_name.assign(signing_name);
    return ep;
}

} // namespace detail

/// Resolves the endpoint for `config` by the Chime SDK Voice endpoint rule
/// set (Smithy `smithy.rules#endpointRuleSet` 1.0, parameters Region,
/// UseFIPS, UseDualStack, Endpoint) over the AWS partitions:
///
/// * `config.endpoint` set: UseFIPS or UseDualStack is an error (the rule
///   set's messages); otherwise the override, validated with Boost.URL (see
///   detail::resolve_custom_endpoint), `signing_region` = `config.region`
///   (may be empty).
/// * else `config.region` empty: "Invalid Configuration: Missing Region".
/// * else the region must be a lowercase host label; its partition is found
///   by `aws.partition` (explicit list, then regionRegex, then "aws"), and
///   the URL is `https://voice-chime[-fips].{region}.{dnsSuffix |
///   dualStackDnsSuffix}`, or an error when the partition lacks FIPS or
///   dual-stack support.
///
/// Errors have category error_category::endpoint and never echo the
/// configured region or endpoint. Throws only std::bad_alloc.
inline std::expected<endpoint, error> resolve_endpoint(const client_config& config) {
    return detail::resolve_endpoint_with(config, detail::endpoint_data::partitions,
                                         detail::endpoint_data::known_regions,
                                         detail::endpoint_data::aws_partition_index);
}

} // namespace chime_voice

#endif
