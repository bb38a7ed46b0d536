pub mod candidates;
pub mod tamper;
pub mod webdriver;
pub mod window;
