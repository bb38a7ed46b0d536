pub mod tamper;
pub mod webdriver;
pub mod window;
