//! Who a request comes from: the TCP peer, or, when that peer is a trusted reverse proxy
//! (`HALLWAY_TRUSTED_PROXIES`), the client address the proxy forwarded. Headers from any
//! other peer are ignored, so nobody can pick the address their requests are counted under.

use app::{state::AppState, web::ClientAddress};
use axum::{
    extract::{ConnectInfo, Request, State},
    http::{header, HeaderMap},
    middleware::Next,
    response::Response,
};
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};

/// The client behind `peer`: the rightmost `Forwarded` (else `X-Forwarded-For`) entry when
/// `peer` is a trusted proxy, else `peer` itself.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let peer = peer.to_canonical();
    if !trusted.iter().any(|net| net.contains(&peer)) {
        return peer;
    }
    let forwarded = if headers.contains_key(header::FORWARDED) {
        client_ip::rightmost_forwarded(headers)
    } else {
        client_ip::rightmost_x_forwarded_for(headers)
    };
    forwarded.map(|ip| ip.to_canonical()).unwrap_or(peer)
}

/// Middleware: records the request's [`ClientAddress`] for rate limits and logs.
pub async fn find_client(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    if let Some(peer) = peer {
        let client = client_address(peer, req.headers(), &state.settings.trusted_proxies);
        req.extensions_mut().insert(ClientAddress(client));
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn forwarded_headers_count_only_from_a_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let stranger: IpAddr = "203.0.113.9".parse().unwrap();
        let trusted = vec!["10.0.0.0/24".parse().unwrap()];
        let xff = headers(&[("x-forwarded-for", "198.51.100.7, 192.0.2.1")]);
        assert_eq!(
            client_address(proxy, &xff, &trusted),
            "192.0.2.1".parse::<IpAddr>().unwrap(),
            "the entry the proxy appended"
        );
        assert_eq!(client_address(stranger, &xff, &trusted), stranger);
        assert_eq!(
            client_address(proxy, &xff, &[]),
            proxy,
            "none trusted by default"
        );
        assert_eq!(client_address(proxy, &HeaderMap::new(), &trusted), proxy);
    }

    #[test]
    fn the_forwarded_header_wins_over_x_forwarded_for() {
        let proxy: IpAddr = "127.0.0.1".parse().unwrap();
        let trusted = vec!["127.0.0.1/32".parse().unwrap()];
        let both = headers(&[
            ("forwarded", "for=192.0.2.60;proto=https"),
            ("x-forwarded-for", "198.51.100.7"),
        ]);
        assert_eq!(
            client_address(proxy, &both, &trusted),
            "192.0.2.60".parse::<IpAddr>().unwrap()
        );
        let garbage = headers(&[("x-forwarded-for", "not an address")]);
        assert_eq!(client_address(proxy, &garbage, &trusted), proxy);
    }
}
