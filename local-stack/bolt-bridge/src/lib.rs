//! A Bolt 4.4 <-> 5.x bridge.
//!
//! neo4rs speaks Bolt 4.x only; Neo4j 5 speaks both 4.4 and 5.x, but the graph server that
//! installs on the local stack (kglite-bolt-server) speaks 5.x only. The bridge listens for
//! Bolt 4.4 clients and relays each connection to a 5.x server, translating the login, the
//! graph values and the date-times (see [`translate`]). Against a real Neo4j 5 it is not needed.

//!
//! It offers [`serve`] (listen and relay until shutdown), [`bridge`] (relay one connection) and
//! [`BridgeError`]; [`packstream`] (the codec) and [`translate`] (the 4.4 <-> 5.x rewrites) are
//! public for the fuzz targets. It exists for the local stack.

pub mod packstream;
mod proxy;
pub mod translate;

pub use proxy::{bridge, serve, BridgeError, MAX_MESSAGE_BYTES};
