pub mod doc_examples;
