// SPDX-License-Identifier: BSL-1.0
// fuzz_resolve_endpoint — resolve_endpoint on arbitrary configurations.
// Input: flags 0x1E region 0x1E endpoint-override
// flags bit 0: use_fips; bit 1: use_dual_stack; bit 2: set the override.
//
// Either an error (category endpoint, with a message that never echoes the
// override), or an endpoint whose scheme is http/https, whose host passes an
// independent validity check (DNS name characters, IPv4 dotted quad or
// bracketed IPv6, optional port 1..65535), whose url Boost.URL parses back to
// the same host, and from which serialize_request and sigv4::sign build and
// sign a request.
#include <chime_voice/batch_delete_phone_number.hpp>
#include <chime_voice/endpoint.hpp>
#include <chime_voice/sigv4.hpp>

#include "fuzz_harness.hpp"

#include <boost/url/parse.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>

namespace {

using chime_voice_fuzz::check;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// 1..65535 without a sign.
bool valid_port(std::string_view p) {
    if (p.empty() || p.size() > 5) return false;
    unsigned v = 0;
    for (char c : p) {
        if (!is_digit(c)) return false;
        v = v * 10 + static_cast<unsigned>(c - '0');
    }
    return v >= 1 && v <= 65535;
}

// Dotted quad, each part 0..255 written with 1..3 digits.
bool valid_ipv4(std::string_view h) {
    int parts = 0;
    while (true) {
        const auto dot = h.find('.');
        const auto part = h.substr(0, dot);
        if (part.empty() || part.size() > 3) return false;
        unsigned v = 0;
        for (char c : part) {
            if (!is_digit(c)) return false;
            v = v * 10 + static_cast<unsigned>(c - '0');
        }
        if (v > 255) return false;
        ++parts;
        if (dot == std::string_view::npos) break;
        h.remove_prefix(dot + 1);
    }
    return parts == 4;
}

// "[...]" holding hex digits, ':' and '.' (an embedded IPv4) only, with at
// least two ':'. Loose on purpose: Boost.URL's own check is the strict one,
// this one guards against anything that is not an address at all.
bool valid_ipv6_literal(std::string_view h) {
    if (h.size() < 4 || h.front() != '[' || h.back() != ']') return false;
    int colons = 0;
    for (char c : h.substr(1, h.size() - 2)) {
        if (c == ':') ++colons;
        else if (!is_hex(c) && c != '.') return false;
    }
    return colons >= 2;
}

// Letters, digits, '-', '.', '_' (the library also admits '_', which DNS
// names in the wild contain), at most 253 characters when it is a DNS name
// we built ourselves.
bool valid_name(std::string_view h) {
    if (h.empty()) return false;
    for (char c : h) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-' ||
                        c == '.' || c == '_';
        if (!ok) return false;
    }
    return true;
}

// host[:port]
bool valid_host_and_port(std::string_view hp) {
    std::string_view host = hp;
    if (!hp.empty() && hp.front() == '[') {
        const auto close = hp.find(']');
        if (close == std::string_view::npos) return false;
        host = hp.substr(0, close + 1);
        const auto after = hp.substr(close + 1);
        if (!after.empty() && (after.front() != ':' || !valid_port(after.substr(1)))) return false;
        return valid_ipv6_literal(host);
    }
    const auto colon = hp.rfind(':');
    if (colon != std::string_view::npos) {
        if (!valid_port(hp.substr(colon + 1))) return false;
        host = hp.substr(0, colon);
    }
    return valid_ipv4(host) || valid_name(host);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace chime_voice;
    chime_voice_fuzz::input in(data, size);
    const unsigned flags = in.flags();
    client_config cfg;
    cfg.use_fips = flags & 1;
    cfg.use_dual_stack = flags & 2;
    cfg.region = std::string(in.field());
    const std::string override_text(in.rest());
    if (flags & 4) cfg.endpoint = override_text;

    const auto ep = resolve_endpoint(cfg);
    if (!ep) {
        check(ep.error().category == error_category::endpoint, "endpoint errors have category endpoint");
        check(!ep.error().message.empty(), "endpoint errors have a message");
        // Never echoes the override or region: the message is one of the fixed texts.
        namespace er = detail::endpoint_rules;
        static constexpr std::string_view fixed[] = {
            er::fips_and_custom_endpoint, er::dual_stack_and_custom_endpoint, er::missing_region,
            er::fips_and_dual_stack_unsupported, er::fips_unsupported, er::dual_stack_unsupported,
            er::invalid_region, er::endpoint_not_uri, er::endpoint_bad_scheme, er::endpoint_no_host,
            er::endpoint_bad_host, er::endpoint_userinfo, er::endpoint_query, er::endpoint_fragment,
            er::endpoint_bad_port, er::endpoint_dot_segment};
        check(std::ranges::find(fixed, std::string_view(ep.error().message)) != std::end(fixed),
              "an endpoint error is a fixed message (never echoes the configuration)");
        return 0;
    }

    check(ep->scheme == "https" || ep->scheme == "http", "scheme is http or https");
    check(chime_voice_fuzz::istarts_with(ep->url, ep->scheme + "://"), "url starts with the scheme");
    check(valid_host_and_port(ep->host), "host[:port] is a valid host");
    check(ep->path.empty() || (ep->path.front() == '/' && ep->path.back() != '/'),
          "base path is empty or /prefix without a trailing '/'");
    check(ep->signing_region == cfg.region, "signing region is the configured region");
    check(ep->signing_name == "chime", "signing name is chime");
    if (!cfg.endpoint) {
        check(ep->url == "https://" + ep->host, "a standard endpoint is https://host");
        check(ep->host.starts_with(cfg.use_fips ? "voice-chime-fips." : "voice-chime."), "host label");
    }

    // Boost.URL reads the same host (and port) back from the url.
    const auto u = boost::urls::parse_uri(boost::urls::string_view(ep->url.data(), ep->url.size()));
    check(u.has_value(), "the endpoint url is a URI");
    std::string host(u->encoded_host().data(), u->encoded_host().size());
    const std::string_view port(u->port().data(), u->port().size());
    const auto np = ep->host.rfind(':');
    if (np != std::string::npos && ep->host.back() != ']') {
        check(chime_voice::detail::iequals(ep->host.substr(0, np), host), "Boost.URL gives back the same host");
        check(std::stoul(ep->host.substr(np + 1)) == std::stoul(std::string(port)), "same port");
    } else {
        check(chime_voice::detail::iequals(ep->host, host), "Boost.URL gives back the same host (hosts are case-insensitive)");
        check(port.empty() || std::stoul(std::string(port)) == (ep->scheme == "https" ? 443u : 80u),
              "a port left out of host is the scheme's default");
    }

    // What resolves must also serialize and sign.
    const batch_delete_phone_number_request req{{"+12065550100"}};
    auto r = serialize_request(req, *ep, "fuzz");
    check(r.has_value(), "a resolved endpoint serializes");
    check(r->url().starts_with("https://") || r->url().starts_with("http://"), "request url scheme");
    const sigv4::signing_params p{r->signing, std::chrono::sys_seconds{std::chrono::seconds{1700000000}}};
    const credentials creds("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    const auto s = sigv4::sign(*r, creds, p);
    check(r->signing.region == ep->signing_region && r->signing.service == ep->signing_name,
          "the request carries the endpoint's signing scope");
    // A custom endpoint resolves without a region (or with one that is not a
    // lower-case label); the SigV4 scope then cannot be formed, and sign()
    // says so instead of signing for a region nobody chose.
    const bool label = !cfg.region.empty() && cfg.region.size() < 64 &&
                       std::ranges::all_of(cfg.region, [](char c) {
                           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                       });
    if (label) check(s.has_value(), "a resolved endpoint's request signs");
    else check(!s && s.error().message.find("signing region") != std::string::npos, "an unusable region is named");
    return 0;
}
