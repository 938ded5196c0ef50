//! Integration tests of the built-in chart: its generated source is current, and the chart it
//! loads is the chart in its folder.

mod generated;
